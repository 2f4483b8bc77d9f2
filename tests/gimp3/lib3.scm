; Helpers of the GIMP 3 tests, in GIMP 3's Script-Fu dialect: results,
; errors, images written for pixel-check, and calls of the plug-in by
; argument name.  gimp3-run.sh defines test-data-dir, test-out-dir and
; test-results first.
(script-fu-use-v3)

(define test-port (open-output-file test-results))
(define checks-port
  (open-output-file (string-append test-out-dir "/checks.txt")))
(define test-count 0)
(define test-failed 0)

; Records one check made here.  detail says what was seen when it fails.
(define (check name ok . detail)
  (set! test-count (+ test-count 1))
  (if (not ok) (set! test-failed (+ test-failed 1)))
  (display (if ok "ok " "not ok ") test-port)
  (display name test-port)
  (if (and (not ok) (pair? detail))
      (begin (display " -- " test-port) (write detail test-port)))
  (newline test-port)
  (gimp-message (string-append (if ok "ok " "not ok ") name)))

; Asks pixel-check, after GIMP quits, to compare two written images:
; (expect "same" a b), (expect "changed" a b 0.5), (expect "alpha" a b),
; (expect "rect" a b x y w h).
(define (expect kind . args)
  (display kind checks-port)
  (for-each (lambda (a) (display " " checks-port) (display a checks-port))
            args)
  (newline checks-port))

(define (test-finish)
  (close-output-port checks-port)
  (display "done " test-port)
  (display test-count test-port)
  (display " checks, " test-port)
  (display test-failed test-port)
  (display " failed" test-port)
  (newline test-port)
  (close-output-port test-port))

; Runs thunk; returns (ok . value) or (error message).  Script-Fu turns a
; procedure's error status into a Scheme error; this keeps its message.
(define (try thunk)
  (call/cc
    (lambda (k)
      (let ((old *error-hook*))
        (set! *error-hook*
              (lambda args (set! *error-hook* old) (k (cons 'error args))))
        (let ((r (thunk)))
          (set! *error-hook* old)
          (cons 'ok r))))))

(define (failed? r) (eq? (car r) 'error))
(define (error-text r)
  (if (and (failed? r) (pair? (cdr r)) (string? (cadr r))) (cadr r) ""))

(define (string-contains? s sub)
  (let ((n (string-length s)) (m (string-length sub)))
    (let loop ((i 0))
      (cond ((> (+ i m) n) #f)
            ((string=? (substring s i (+ i m)) sub) #t)
            (else (loop (+ i 1)))))))

(define (data-file name) (string-append test-data-dir "/" name))
(define (out-file name) (string-append test-out-dir "/" name))

(define (load-image path) (gimp-file-load RUN-NONINTERACTIVE path))
(define (first-layer image) (vector-ref (gimp-image-get-layers image) 0))

; A small copy of a sample photo: runs stay fast.
(define (small-photo name w h)
  (let ((image (load-image (data-file name))))
    (gimp-image-scale image w h)
    image))

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
