; The plug-in stopped while it runs leaves the image as it was.  GIMP's
; Cancel in the status bar closes the plug-in (kills its process);
; cancel3.sh does the same from outside once the descent is under way.
(define image (small-photo "chelsea.png" 60 40))
(define layer (first-layer image))
(define reference (first-layer (small-photo "coffee.png" 60 40)))
(define before (write-image image "cancel-before.png"))
; Long enough to be killed in the middle of the descent.
(define r
  (try (lambda ()
         (plug-in-sobolev-transfer #:run-mode RUN-NONINTERACTIVE
                                   #:image image #:drawables (vector layer)
                                   #:reference reference #:steps 100000))))
(check "the stopped run returns an error" (failed? r) r)
(expect "same" before (write-image image "cancel-after.png"))
; The image still works: a run afterwards changes it.
(let ((again (sobolev RUN-NONINTERACTIVE image layer reference)))
  (check "a run after the stopped one works" (not (failed? again))
         (error-text again))
  (expect "changed" before (write-image image "cancel-again.png") 0.5))
