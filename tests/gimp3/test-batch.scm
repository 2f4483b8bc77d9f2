; The batch Script-Fu script (data/scripts/sobolev-batch.scm, installed in
; the private profile's scripts/) on two files, in GIMP 3's Script-Fu.
(let ((r (try (lambda ()
                (script-fu-sobolev-batch-recolor (data-file "c*.png")
                                                 (data-file "retina.jpg")
                                                 test-out-dir 1.0)))))
  (check "batch script recolors chelsea.png and coffee.png"
         (not (failed? r)) (error-text r)))
