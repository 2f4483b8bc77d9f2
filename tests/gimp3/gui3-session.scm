; The GIMP 3 GUI test's session (gui3-test.sh defines gui-source,
; gui-reference, gui-out and gui-results first): an image with the layer
; to recolor above a reference layer, shown in a window; then the
; procedure called interactively twice, the image written after each, so
; the shell side can press OK in the first dialog and Cancel in the second.
(script-fu-use-v3)

(define results (open-output-file gui-results))
(define (note . items)
  (for-each (lambda (x) (display x results)) items)
  (newline results))

(define (try thunk)
  (call/cc
    (lambda (k)
      (let ((old *error-hook*))
        (set! *error-hook*
              (lambda args (set! *error-hook* old) (k (cons 'error args))))
        (let ((r (thunk)))
          (set! *error-hook* old)
          (cons 'ok r))))))

(define image (gimp-file-load RUN-NONINTERACTIVE gui-source))
(gimp-image-scale image 120 80)
(define layer (vector-ref (gimp-image-get-layers image) 0))
(define reference
  (gimp-file-load-layer RUN-NONINTERACTIVE image gui-reference))
(gimp-image-insert-layer image reference 0 1)
(gimp-image-set-selected-layers image (vector layer))
(gimp-display-new image)
(gimp-displays-flush)
(gimp-file-save RUN-NONINTERACTIVE image (string-append gui-out "/before.png"))

(define (run-dialog name)
  (let ((r (try (lambda ()
                  (plug-in-sobolev-transfer #:run-mode RUN-INTERACTIVE
                                            #:image image
                                            #:drawables (vector layer)
                                            #:reference reference
                                            #:steps 12 #:refine 0
                                            #:lut-size 17)))))
    (gimp-file-save RUN-NONINTERACTIVE image
                    (string-append gui-out "/" name ".png"))
    (note name " " (car r))))

(run-dialog "ok")
(run-dialog "cancel")
(note "done")
(close-output-port results)
