; sobolev-transfer — the plug-in stopped while it runs leaves the image as
; it was.  GIMP 2.10's cancel button in the status bar closes the plug-in
; (kills its process; app/plug-in/gimpplugin-progress.c); kill-plugin.sh
; does the same from outside once the descent is under way, and this
; script checks the layer's bytes and the call's failure.
(let* ((image (small-photo "chelsea.png" 60 40))
       (layer (active-layer image))
       (ref-image (small-photo "coffee.png" 60 40))
       (reference (active-layer ref-image))
       (before (digest layer))
       ; Long enough to be killed in the middle of the descent.
       (r (sobolev RUN-NONINTERACTIVE image layer reference "steps" 100000)))
  (check "the stopped run returns an error" (failed? r) (error-text r))
  (check "the stopped run leaves the layer as it was"
         (= before (digest layer)))
  ; The image still works: a normal run afterwards changes it.
  (let ((again (sobolev RUN-NONINTERACTIVE image layer reference)))
    (check "a run after the stopped one works" (not (failed? again))
           (error-text again))
    (check "and changes the layer" (not (= before (digest layer))))))
