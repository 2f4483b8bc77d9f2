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
