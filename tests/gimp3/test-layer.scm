; The GIMP 3 layer procedure, called by argument name from Script-Fu.
; Each case writes the layer before and after for pixel-check.
(define ref-image (small-photo "coffee.png" 40 27))
(define ref-layer (first-layer ref-image))

; Recolored: most pixels change.
(let ((c (case-run "plain" nothing RUN-NONINTERACTIVE ref-layer)))
  (check "recolors an RGB layer" (not (failed? (car c))) (error-text (car c)))
  (expect "changed" (cadr c) (caddr c) 0.5))

; The selection limits the change (and weights the colors).
(let ((c (case-run "selection"
                   (lambda (image layer)
                     (gimp-image-select-rectangle image CHANNEL-OP-REPLACE
                                                  8 6 20 12))
                   RUN-NONINTERACTIVE ref-layer)))
  (check "recolors inside a selection" (not (failed? (car c)))
         (error-text (car c)))
  (expect "rect" (cadr c) (caddr c) 8 6 20 12))

; Alpha is kept, transparent pixels included.
(let ((c (case-run "alpha"
                   (lambda (image layer)
                     (gimp-layer-add-alpha layer)
                     (gimp-image-select-rectangle image CHANNEL-OP-REPLACE
                                                  0 0 16 32)
                     (gimp-drawable-edit-clear layer)
                     (gimp-selection-none image))
                   RUN-NONINTERACTIVE ref-layer)))
  (check "recolors a layer with alpha" (not (failed? (car c)))
         (error-text (car c)))
  (expect "alpha" (cadr c) (caddr c))
  (expect "changed" (cadr c) (caddr c) 0.4))

; 16-bit and 32-bit float layers.
(let ((c (case-run "u16"
                   (lambda (image layer)
                     (gimp-image-convert-precision image
                                                   PRECISION-U16-NON-LINEAR))
                   RUN-NONINTERACTIVE ref-layer)))
  (check "recolors a 16-bit layer" (not (failed? (car c)))
         (error-text (car c)))
  (expect "changed" (cadr c) (caddr c) 0.5))
(let ((c (case-run "float"
                   (lambda (image layer)
                     (gimp-image-convert-precision image PRECISION-FLOAT-LINEAR))
                   RUN-NONINTERACTIVE ref-layer)))
  (check "recolors a 32-bit float layer" (not (failed? (car c)))
         (error-text (car c)))
  (expect "changed" (cadr c) (caddr c) 0.5))

; Repeat (Filters ▸ Repeat): the last values, reference included.
(let ((c (case-run "repeat" nothing RUN-WITH-LAST-VALS #f)))
  (check "Repeat runs with the last reference" (not (failed? (car c)))
         (error-text (car c)))
  (expect "changed" (cadr c) (caddr c) 0.5))

; Repeat once its last reference is gone: refused with a message that
; says what to do, the layer as it was.
(let* ((gone-image (small-photo "coffee.png" 20 20))
       (gone-layer (first-layer gone-image)))
  (case-run "remembered" nothing RUN-NONINTERACTIVE gone-layer)
  (gimp-image-delete gone-image)
  (let ((c (case-run "repeat-gone" nothing RUN-WITH-LAST-VALS #f)))
    (check "Repeat without its last reference says to choose one"
           (and (failed? (car c))
                (string-contains? (error-text (car c)) "no longer exists"))
           (error-text (car c)))
    (expect "same" (cadr c) (caddr c))))

(define clear-image (small-photo "coffee.png" 20 20))
(define clear-layer (first-layer clear-image))
(gimp-layer-add-alpha clear-layer)
(gimp-selection-all clear-image)
(gimp-drawable-edit-clear clear-layer)
(gimp-selection-none clear-image)

(refused "a fully transparent reference" nothing clear-layer "no visible")
(refused "no reference" nothing #f "reference")
(refused "a grayscale layer"
         (lambda (image layer) (gimp-image-convert-grayscale image))
         ref-layer "RGB")
(refused "an out-of-range parameter" nothing ref-layer "" #:bandwidth 100.0)
(refused "a selection beside the layer"
         (lambda (image layer)
           (gimp-layer-resize layer 20 20 0 0)
           (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 30 20 10 10))
         ref-layer "selection")

; The file procedure with the defaults on the sample photo; the result
; is scored after GIMP quits.
(let ((r (try (lambda ()
                (plug-in-sobolev-transfer-file
                  #:run-mode RUN-NONINTERACTIVE
                  #:source (data-file "chelsea.png")
                  #:reference (data-file "coffee.png")
                  #:output (out-file "file-chelsea-coffee.png")
                  #:strength 1.0)))))
  (check "file procedure recolors chelsea.png" (not (failed? r))
         (error-text r)))
