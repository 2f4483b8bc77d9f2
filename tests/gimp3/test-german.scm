; Under a German locale (LANG=de_DE.UTF-8) the plug-in speaks German
; through GIMP 3's set_i18n: its error for a grayscale layer comes from
; the German catalog.
(define image (small-photo "chelsea.png" 16 12))
(gimp-image-convert-grayscale image)
(let ((r (sobolev RUN-NONINTERACTIVE image (first-layer image)
                  (first-layer (small-photo "coffee.png" 16 12)))))
  (check "German error message"
         (and (failed? r) (string-contains? (error-text r) "nur RGB-Ebenen"))
         (error-text r)))
