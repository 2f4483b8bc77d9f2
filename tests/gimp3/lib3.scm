; Helpers of the GIMP 3 tests, in GIMP 3's Script-Fu dialect: images
; written for pixel-check, and calls of the plug-in by argument name.
; gimp3-run.sh loads tests/common/script-fu-checks.scm (results, errors,
; file names) first.
(script-fu-use-v3)

(define checks-port
  (open-output-file (string-append test-out-dir "/checks.txt")))

; Asks pixel-check, after GIMP quits, to compare two written images:
; (expect "same" a b), (expect "changed" a b 0.5), (expect "alpha" a b),
; (expect "rect" a b x y w h).
(define (expect kind . args)
  (display kind checks-port)
  (for-each (lambda (a) (display " " checks-port) (display a checks-port))
            args)
  (newline checks-port))

; Ends the results, after closing the checks for pixel-check.
(define results-finish test-finish)
(define (test-finish)
  (close-output-port checks-port)
  (results-finish))

(define (load-image path) (gimp-file-load RUN-NONINTERACTIVE path))
(define (duplicate-image image) (gimp-image-duplicate image))
(define (first-layer image) (vector-ref (gimp-image-get-layers image) 0))

; Writes the image (its layers as GIMP exports them) to the output folder
; and returns the file's path.
(define (write-image image name)
  (gimp-file-save RUN-NONINTERACTIVE image (out-file name))
  (out-file name))

; Fewer steps and a coarser map than the defaults: these tests are about
; the host, and the sample photo test scores the defaults.
(define fast-args '(#:steps 12 #:refine 0 #:lut-size 17 #:snapshots 4))

; Calls the layer procedure on one layer; more are extra named arguments.
(define (sobolev mode image layer reference . more)
  (try (lambda ()
         (apply plug-in-sobolev-transfer
                (append (list #:run-mode mode #:image image
                              #:drawables (vector layer))
                        (if reference (list #:reference reference) '())
                        fast-args more)))))

; The layer tests' images: a small copy of chelsea.png.
(define W 48)
(define H 32)

; Runs the procedure on a fresh small copy of chelsea.png prepared by
; (prepare image layer); writes NAME-before.png and NAME-after.png.
; Returns (result before after).
(define (case-run name prepare mode reference . more)
  (let* ((image (small-photo "chelsea.png" W H))
         (layer (first-layer image)))
    (prepare image layer)
    (let* ((before (write-image image (string-append name "-before.png")))
           (r (apply sobolev (append (list mode image layer reference) more)))
           (after (write-image image (string-append name "-after.png"))))
      (list r before after))))

(define (nothing image layer) #t)

; Bad calls are refused and leave the layer byte for byte as it was.
(define (file-safe name)
  (list->string (map (lambda (ch) (if (char=? ch #\space) #\- ch))
                     (string->list name))))

(define (refused name prepare reference expected-text . more)
  (let ((c (apply case-run
                  (append (list (file-safe name) prepare RUN-NONINTERACTIVE
                                reference)
                          more))))
    (check (string-append "refuses " name)
           (and (failed? (car c))
                (string-contains? (error-text (car c)) expected-text))
           (error-text (car c)))
    (expect "same" (cadr c) (caddr c))))
