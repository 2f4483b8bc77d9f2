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

; A saved look (look-file) instead of a reference: a .cube that inverts
; every color (2 nodes, red fastest), at Strength 1, no lightness kept
; and Fidelity 1 (no edge guard), gives each value's negative exactly.
(define (write-text path text)
  (let ((port (open-output-file path)))
    (display text port)
    (close-output-port port)))

(define invert-cube (out-file "invert.cube"))
(write-text invert-cube
            (string-append "LUT_3D_SIZE 2\n"
                           "1 1 1\n0 1 1\n1 0 1\n0 0 1\n"
                           "1 1 0\n0 1 0\n1 0 0\n0 0 0\n"))
(let ((c (case-run "look" nothing RUN-NONINTERACTIVE #f
                   #:look-file invert-cube #:strength 1.0
                   #:preserve-lightness 0.0 #:fidelity 1.0)))
  (check "applies a saved look without a reference" (not (failed? (car c)))
         (error-text (car c)))
  (expect "inverse" (cadr c) (caddr c)))

; A look that cannot be read: refused before the layer is touched.
; GIMP itself refuses a file that does not exist for look-file (an
; argument for a file to open), naming the argument.
(define damaged-cube (out-file "damaged.cube"))
(write-text damaged-cube "LUT_3D_SIZE 2\n0 0 0\n")
(refused "a saved look that does not exist" nothing ref-layer "look-file"
         #:look-file (out-file "no-such-look.cube"))
(refused "a damaged saved look" nothing ref-layer "cannot read"
         #:look-file damaged-cube)

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
