; sobolev-transfer — recolor every image that matches a pattern so that
; its colors match one reference image, saving the results in a folder.
;
; Headless, with the plug-in installed:
;   gimp-console-2.10 -i \
;     -b '(script-fu-sobolev-batch-recolor "/photos/*.jpg" "/ref.png" "/out" 1.0)' \
;     -b '(gimp-quit 0)'
;   gimp-console-3.0 -i --batch-interpreter plug-in-script-fu-eval --quit \
;     -b '(script-fu-sobolev-batch-recolor "/photos/*.jpg" "/ref.png" "/out" 1.0)'
;
; Each result keeps its file name (and so its format) in the output
; folder.  A file that fails is reported and skipped; the call fails at
; the end if any did, naming them.

(define (sobolev-batch-basename path)
  (let loop ((i (- (string-length path) 1)))
    (cond ((< i 0) path)
          ((char=? (string-ref path i) #\/)
           (substring path (+ i 1) (string-length path)))
          (else (loop (- i 1))))))

;; The file names file-glob returns: GIMP 2.10 gives (count names), GIMP
;; 3 (names) in its default dialect and names alone after
;; (script-fu-use-v3).
(define (sobolev-batch-glob pattern)
  (let ((r (file-glob pattern 1)))
    (cond ((null? r) r)
          ((number? (car r)) (cadr r))
          ((list? (car r)) (car r))
          (else r))))

(define (script-fu-sobolev-batch-recolor pattern reference out-dir strength)
  (let* ((files (sobolev-batch-glob pattern))
         (failures '()))
    (if (null? files)
        (error (string-append "No file matches " pattern)))
    (for-each
      (lambda (file)
        (let ((out (string-append out-dir "/" (sobolev-batch-basename file))))
          (if (string=? out file)
              (set! failures (cons (string-append file ": would overwrite "
                                                  "itself")
                                   failures))
              (let ((result
                      (call/cc
                        (lambda (k)
                          (let ((old *error-hook*))
                            (set! *error-hook*
                                  (lambda args
                                    (set! *error-hook* old)
                                    (k (car args))))
                            (plug-in-sobolev-transfer-file
                              RUN-NONINTERACTIVE file reference out strength)
                            (set! *error-hook* old)
                            #t)))))
                (if (eq? result #t)
                    (gimp-message (string-append "Recolored " file " -> " out))
                    (set! failures
                          (cons (string-append file ": " result)
                                failures)))))))
      files)
    (if (not (null? failures))
        (error (apply string-append
                      "Some files were not recolored: "
                      (map (lambda (f) (string-append f "; "))
                           (reverse failures)))))))

(script-fu-register "script-fu-sobolev-batch-recolor"
  "Sobolev Batch Recolor"
  "Recolor every file matching a pattern to match a reference image's colors, saving the results (same file names) in a folder"
  "sobolev-transfer authors"
  "GPL-3.0-or-later"
  "2025"
  ""
  SF-STRING     "Files (pattern)" "/path/to/photos/*.jpg"
  SF-FILENAME   "Reference image" ""
  SF-DIRNAME    "Output folder"   ""
  SF-ADJUSTMENT "Strength"        '(1.0 0.0 1.0 0.05 0.25 2 0))
