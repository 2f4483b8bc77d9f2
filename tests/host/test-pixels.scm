; Pixels: a reference's alpha, selections, layer offsets, alpha kept at
; every precision.  Loaded by two runs: one where the plug-in keeps the
; source's pixels in memory, one where it streams them (SOBOLEV_KEEP_BYTES=0).
; Needs W, H, ref-layer (test-plugin.scm or test-batch.scm defines them).

; --- Reference in another image with a transparent half: alpha weights it.
(let* ((image (car (gimp-image-new 16 16 RGB)))
       (layer (car (gimp-layer-new image 16 16 RGBA-IMAGE "ref" 100
                                   LAYER-MODE-NORMAL)))
       (src (small-photo "chelsea.png" W H)))
  (gimp-image-insert-layer image layer 0 0)
  (gimp-context-set-foreground '(255 0 0))
  (gimp-drawable-fill layer FILL-FOREGROUND)
  (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 8 0 8 16)
  (gimp-context-set-foreground '(0 40 230))
  (gimp-drawable-edit-fill layer FILL-FOREGROUND)
  (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 0 0 8 16)
  (gimp-drawable-edit-clear layer)
  (gimp-selection-none image)
  (let ((r (sobolev RUN-NONINTERACTIVE src (active-layer src) layer)))
    (check "reference with a transparent half" (not (failed? r))
           (error-text r)))
  (let ((red (list-ref (gimp-drawable-histogram (active-layer src)
                                                HISTOGRAM-RED 0 1) 0))
        (blue (list-ref (gimp-drawable-histogram (active-layer src)
                                                 HISTOGRAM-BLUE 0 1) 0)))
    (check "transparent reference pixels do not count (result is blue)"
           (and (< red 64) (> blue 150)) red blue))
  (gimp-image-delete image)
  (gimp-image-delete src))

; --- Rectangular selection: pixels outside it are byte-identical.
(let* ((image (small-photo "chelsea.png" W H))
       (layer (active-layer image))
       (before (pixel-bytes layer))
       (inside (lambda (x y) (and (>= x 10) (< x 30) (>= y 8) (< y 20))))
       (outside (lambda (x y) (not (inside x y)))))
  (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 10 8 20 12)
  (let ((r (sobolev RUN-NONINTERACTIVE image layer ref-layer)))
    (check "run with a rectangular selection" (not (failed? r))
           (error-text r)))
  (let ((after (pixel-bytes layer)))
    (check "pixels outside the selection are byte-identical"
           (= 0 (count-changed before after outside 0 4)))
    (check "pixels inside the selection change"
           (> (count-changed before after inside 0 4) 100)))
  (gimp-image-delete image))

; --- An offset layer: the selection is taken at the layer's offsets.
(let* ((image (small-photo "chelsea.png" W H))
       (layer (car (gimp-layer-new-from-drawable (active-layer image) image)))
       (inside (lambda (x y)
                 (let ((ix (+ x 7)) (iy (+ y 5)))
                   (and (>= ix 10) (< ix 30) (>= iy 8) (< iy 20))))))
  (gimp-image-insert-layer image layer 0 0)
  (gimp-layer-set-offsets layer 7 5)
  (let ((before (pixel-bytes layer)))
    (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 10 8 20 12)
    (let ((r (sobolev RUN-NONINTERACTIVE image layer ref-layer)))
      (check "run on an offset layer" (not (failed? r)) (error-text r)))
    (let ((after (pixel-bytes layer)))
      (check "offset layer: outside the selection byte-identical"
             (= 0 (count-changed before after
                                 (lambda (x y) (not (inside x y))) 0 4)))
      (check "offset layer: inside the selection changes"
             (> (count-changed before after inside 0 4) 100))))
  (gimp-image-delete image))

; --- Alpha is kept, at 8 bits, 16 bits and float.
(define (alpha-image precision)
  (let* ((image (small-photo "chelsea.png" W H))
         (layer (active-layer image)))
    ; Alpha from the layer's own gray values: varied, never all clear.
    (gimp-layer-add-alpha layer)
    (gimp-layer-add-mask layer (car (gimp-layer-create-mask layer
                                                           ADD-MASK-COPY)))
    (gimp-layer-remove-mask layer MASK-APPLY)
    (if (not (= precision PRECISION-U8-GAMMA))
        (gimp-image-convert-precision image precision))
    image))

(for-each
  (lambda (case)
    (let* ((name (car case))
           (image (alpha-image (cadr case)))
           (layer (active-layer image))
           (size (caddr case))
           (before (pixel-bytes layer))
           (row (exact-bytes layer 5)))
      (let ((r (sobolev RUN-NONINTERACTIVE image layer ref-layer)))
        (check (string-append name ": run") (not (failed? r)) (error-text r)))
      (let ((after (pixel-bytes layer)))
        (check (string-append name ": colors change")
               (> (count-changed before after always 0 3) 500))
        (check (string-append name ": alpha is preserved")
               (= 0 (count-changed before after always 3 4)))
        (check (string-append name ": alpha is preserved bit for bit")
               (= 0 (count-changed row (exact-bytes layer 5) always
                                   (* 3 size) (* 4 size)))))
      (gimp-image-delete image)))
  (list (list "8-bit" PRECISION-U8-GAMMA 1)
        (list "16-bit" PRECISION-U16-GAMMA 2)
        (list "16-bit linear" PRECISION-U16-LINEAR 2)
        (list "float" PRECISION-FLOAT-LINEAR 4)))


; --- The selection weights the source's colors: a layer that is green
; in two strips at its sides and red between them, with the strips
; selected (so the selection's bounds hold red too), gives on the strips
; exactly what an all-green layer gives (same colors, same weights once
; normalized); with nothing selected the red changes the map.
(define (strips middle sides)
  (let* ((image (car (gimp-image-new 16 16 RGB)))
         (layer (car (gimp-layer-new image 16 16 RGB-IMAGE "strips" 100
                                     LAYER-MODE-NORMAL))))
    (gimp-image-insert-layer image layer 0 0)
    (gimp-context-set-foreground middle)
    (gimp-drawable-fill layer FILL-FOREGROUND)
    (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 0 0 4 16)
    (gimp-image-select-rectangle image CHANNEL-OP-ADD 12 0 4 16)
    (gimp-context-set-foreground sides)
    (gimp-drawable-edit-fill layer FILL-FOREGROUND)
    image))
(let* ((a (strips '(230 20 20) '(20 200 40)))
       (b (strips '(20 200 40) '(20 200 40)))
       (c (strips '(230 20 20) '(20 200 40)))
       (sides (lambda (x y) (or (< x 4) (>= x 12)))))
  (gimp-selection-none b)
  (gimp-selection-none c)
  (sobolev RUN-NONINTERACTIVE a (active-layer a) ref-layer)
  (sobolev RUN-NONINTERACTIVE b (active-layer b) ref-layer)
  (sobolev RUN-NONINTERACTIVE c (active-layer c) ref-layer)
  (let ((pa (pixel-bytes (active-layer a)))
        (pb (pixel-bytes (active-layer b)))
        (pc (pixel-bytes (active-layer c))))
    (check "selection weights: selected green strips = all-green layer"
           (= 0 (count-changed pa pb sides 0 3)))
    (check "selection weights: unselected red would change the map"
           (> (count-changed pa pc sides 0 3) 0)))
  (gimp-image-delete a)
  (gimp-image-delete b)
  (gimp-image-delete c))
