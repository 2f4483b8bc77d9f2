; The plug-in speaks the user's language through the PDB too: GIMP runs
; with LANG=de_DE.UTF-8 and the catalogs of this build, and a call with a
; bad value fails with the German message (core/params.c's range error).
(define german-image (small-photo "chelsea.png" W H))
(define german-layer (active-layer german-image))
(define german-digest (digest german-layer))
(define bad-strength
  (sobolev RUN-NONINTERACTIVE german-image german-layer ref-layer
           "strength" 2.0))

(check "a bad strength fails" (failed? bad-strength))
(check "the error is in German"
       (string-contains? (error-text bad-strength) "muss zwischen")
       (error-text bad-strength))
(check "the layer is left as it was"
       (= german-digest (digest german-layer)))
