; The batch Script-Fu script (data/scripts/sobolev-batch.scm, installed in
; the private profile's scripts/) on two files, in GIMP 2.10 and GIMP 3.
(let ((r (try (lambda ()
                (script-fu-sobolev-batch-recolor (data-file "c*.png")
                                                 (data-file "retina.jpg")
                                                 test-out-dir 1.0)))))
  (check "batch script recolors chelsea.png and coffee.png"
         (not (failed? r)) (error-text r)))
; (The script's own errors, a pattern matching nothing or files that
; failed, are raised with Scheme's error, which Script-Fu's batch mode
; reports but which a script cannot catch; they are not checked here.)
