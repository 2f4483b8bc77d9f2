; Where the colors to match come from, and where the result goes: a GIMP
; palette by name (reference-palette), the reference image's selection
; (reference-selection), and a new layer (new-layer).  pixel-check
; compares the images written after GIMP quits.

; Palettes made here, so the test knows their colors.  GIMP may rename a
; palette whose name is taken: the name it got is the one passed.
(define (make-palette name colors)
  (let ((palette (gimp-palette-new name)))
    (for-each (lambda (c) (gimp-palette-add-entry palette "c" c)) colors)
    (gimp-resource-get-name palette)))

(define warm-colors '((200 30 20) (240 150 30) (60 10 10)))
(define warm (make-palette "sobolev-test-warm" warm-colors))
(define one (make-palette "sobolev-test-one" '((10 200 30))))
(define none (make-palette "sobolev-test-none" '()))

(define (color-words colors) (apply append colors))
(define ref-image-layer (first-layer (small-photo "coffee.png" 40 27)))

; A palette recolors: the pixels move toward its colors (the mean
; distance to the nearest palette color falls below 0.6 of what it was).
(let ((c (case-run "palette" nothing RUN-NONINTERACTIVE #f
                   #:reference-palette warm)))
  (check "a palette by name is a reference" (not (failed? (car c)))
         (error-text (car c)))
  (apply expect (append (list "nearer" (cadr c) (caddr c) 0.6)
                        (color-words warm-colors))))

; Palettes that cannot be used are refused, the layer byte for byte as
; it was; the palette wins over a reference layer given with it.
(define some-layer (first-layer (small-photo "coffee.png" 20 20)))
(refused "a palette that does not exist" nothing some-layer
         "no palette \"sobolev-no-such-palette\""
         #:reference-palette "sobolev-no-such-palette")
(refused "an empty palette" nothing #f "no colors" #:reference-palette none)
(refused "a palette of one color" nothing #f "only one color"
         #:reference-palette one)

; A reference half red, half blue, with its left (red) half selected.
(define halves (small-photo "coffee.png" 40 20))
(define halves-layer (first-layer halves))
(gimp-context-set-foreground '(0 0 255))
(gimp-drawable-edit-fill halves-layer FILL-FOREGROUND)
(gimp-image-select-rectangle halves CHANNEL-OP-REPLACE 0 0 20 20)
(gimp-context-set-foreground '(255 0 0))
(gimp-drawable-edit-fill halves-layer FILL-FOREGROUND)

; With reference-selection only the red half counts: the result is
; nearer red and farther from blue than without it, where both halves
; count (the selection is ignored then).
(let ((with (case-run "ref-selection" nothing RUN-NONINTERACTIVE halves-layer
                      #:reference-selection #t))
      (without (case-run "ref-no-selection" nothing RUN-NONINTERACTIVE
                         halves-layer)))
  (check "recolors with the reference's selection" (not (failed? (car with)))
         (error-text (car with)))
  (check "recolors ignoring the reference's selection"
         (not (failed? (car without))) (error-text (car without)))
  (expect "nearer" (caddr without) (caddr with) 0.8 255 0 0)
  (expect "nearer" (caddr with) (caddr without) 0.8 0 0 255))

; A reference selection that misses the reference layer is refused.
(gimp-image-select-rectangle halves CHANNEL-OP-REPLACE 30 0 10 20)
(gimp-layer-resize halves-layer 20 20 0 0)
(refused "a reference selection beside the reference layer" nothing
         halves-layer "selection" #:reference-selection #t)

; new-layer: the layer stays byte for byte as it was; a new layer above
; it, selected, holds the result (the same pixels as a run in place).
(define (write-layer image layer name)
  (let ((copy (gimp-image-new (gimp-image-get-width image)
                              (gimp-image-get-height image) RGB)))
    (let ((l (gimp-layer-new-from-drawable layer copy)))
      (gimp-image-insert-layer copy l 0 0)
      (write-image copy name))))

(let* ((image (small-photo "chelsea.png" W H))
       (layer (first-layer image))
       (before (write-layer image layer "new-layer-before.png"))
       (r (sobolev RUN-NONINTERACTIVE image layer ref-image-layer
                   #:new-layer #t))
       (layers (gimp-image-get-layers image))
       (selected (gimp-image-get-selected-layers image)))
  (check "recolors to a new layer" (not (failed? r)) (error-text r))
  (check "... which is one more layer, above the layer"
         (and (= (vector-length layers) 2)
              (= (vector-ref layers 1)
                 layer))
         (vector-length layers))
  (check "... and the selected one"
         (and (= (vector-length selected) 1)
              (= (vector-ref selected 0)
                 (vector-ref layers 0))))
  (expect "same" before
          (write-layer image layer "new-layer-kept.png"))
  (expect "changed" before
          (write-layer image (vector-ref layers 0) "new-layer-new.png") 0.5)
  ; The same result as in place.
  (let ((c (case-run "in-place" nothing RUN-NONINTERACTIVE ref-image-layer)))
    (expect "same" (caddr c) (out-file "new-layer-new.png"))))
