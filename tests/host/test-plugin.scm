; The plug-in in real headless GIMP: recoloring, selections, alpha,
; precisions, run modes, and bad calls that must leave the image as it was.


; --- A sample photo, full size: scored after GIMP exits by host-score.
(let* ((image (load-image (data-file "chelsea.png")))
       (ref (load-image (data-file "coffee.png")))
       (cube (out-file "chelsea-coffee.cube"))
       (r (sobolev RUN-NONINTERACTIVE image (active-layer image)
                   (active-layer ref) "lut-file" cube)))
  (check "recolor chelsea.png to coffee.png" (not (failed? r)) (error-text r))
  (gimp-file-save RUN-NONINTERACTIVE image (active-layer image)
                  (out-file "chelsea-coffee.png") "chelsea-coffee.png")
  (check "the .cube LUT file is written"
         (let ((in (try (lambda () (open-input-file cube)))))
           (and (not (failed? in)) (cdr in) (eq? (read (cdr in)) 'TITLE))))
  (gimp-image-delete image)
  (gimp-image-delete ref))


; --- Same call, same result; the values are stored for the next run.
(define img-a (small-photo "chelsea.png" W H))
(define img-b (car (gimp-image-duplicate img-a)))
(define img-c (car (gimp-image-duplicate img-a)))
(define orig-digest (digest (active-layer img-a)))
(define r-a (sobolev RUN-NONINTERACTIVE img-a (active-layer img-a) ref-layer
                     "strength" 0.6 "seed" 7))
(check "non-interactive run" (not (failed? r-a)) (error-text r-a))
(check "the layer is recolored"
       (not (= orig-digest (digest (active-layer img-a)))))
(define r-b (sobolev RUN-WITH-LAST-VALS img-b (active-layer img-b) -1))
(check "run with last values" (not (failed? r-b)) (error-text r-b))
(check "last values give the same pixels as the run that stored them"
       (= (digest (active-layer img-a)) (digest (active-layer img-b))))
(sobolev RUN-NONINTERACTIVE img-c (active-layer img-c) ref-layer
         "strength" 1.0 "seed" 7)
(check "a different strength gives different pixels"
       (not (= (digest (active-layer img-a)) (digest (active-layer img-c)))))

; Selections, offsets, alpha and precisions: test-pixels.scm, loaded next.

; --- Bad calls: an error each, and the image exactly as it was.
(define victim (small-photo "chelsea.png" W H))
(define victim-layer (active-layer victim))
(define victim-digest (digest victim-layer))

(define (expect-error name r . must-contain)
  (check (string-append "bad call fails: " name)
         (and (failed? r)
              (or (null? must-contain)
                  (string-contains? (error-text r) (car must-contain))))
         (error-text r))
  (check (string-append "bad call leaves the image unchanged: " name)
         (= victim-digest (digest victim-layer))))

(let* ((gone (car (gimp-image-new 8 8 RGB)))
       (gone-layer (car (gimp-layer-new gone 8 8 RGB-IMAGE "x" 100
                                        LAYER-MODE-NORMAL))))
  (gimp-image-insert-layer gone gone-layer 0 0)
  (gimp-image-delete gone)
  (expect-error "stale reference ID"
                (sobolev RUN-NONINTERACTIVE victim victim-layer gone-layer))
  (expect-error "stale source ID"
                (sobolev RUN-NONINTERACTIVE victim gone-layer ref-layer)))

(let ((channel (car (gimp-channel-new victim W H "c" 50 '(0 0 0)))))
  (gimp-image-insert-channel victim channel 0 0)
  (expect-error "a channel as reference"
                (sobolev RUN-NONINTERACTIVE victim victim-layer channel)
                "not a layer")
  (expect-error "a channel as source"
                (sobolev RUN-NONINTERACTIVE victim channel ref-layer)
                "not a layer")
  (gimp-image-remove-channel victim channel))

(let* ((other (small-photo "coffee.png" 20 20))
       (other-layer (active-layer other))
       (mask (car (gimp-layer-create-mask other-layer ADD-MASK-WHITE)))
       (group (car (gimp-layer-group-new other))))
  (gimp-layer-add-mask other-layer mask)
  (gimp-image-insert-layer other group 0 0)
  (expect-error "a layer mask as reference"
                (sobolev RUN-NONINTERACTIVE victim victim-layer mask)
                "not a layer")
  (expect-error "a layer group as reference"
                (sobolev RUN-NONINTERACTIVE victim victim-layer group)
                "group")
  (gimp-image-delete other))

(let* ((gray (small-photo "chelsea.png" 20 20)))
  (gimp-image-convert-grayscale gray)
  (let ((before (digest (active-layer gray))))
    (check "a grayscale source is refused with a clear message"
           (string-contains? (error-text (sobolev RUN-NONINTERACTIVE gray
                                                  (active-layer gray)
                                                  ref-layer))
                             "RGB"))
    (check "the grayscale image is unchanged"
           (= before (digest (active-layer gray)))))
  ; A grayscale reference is an honest target: gray colors.
  (let* ((image (small-photo "chelsea.png" 20 20))
         (r (sobolev RUN-NONINTERACTIVE image (active-layer image)
                     (active-layer gray))))
    (check "a grayscale reference works" (not (failed? r)) (error-text r))
    (gimp-image-delete image))
  (gimp-image-delete gray))

(let* ((image (car (gimp-image-new 8 8 RGB)))
       (layer (car (gimp-layer-new image 8 8 RGBA-IMAGE "empty" 100
                                   LAYER-MODE-NORMAL))))
  (gimp-image-insert-layer image layer 0 0)
  (gimp-drawable-fill layer FILL-TRANSPARENT)
  (expect-error "a fully transparent reference"
                (sobolev RUN-NONINTERACTIVE victim victim-layer layer)
                "transparent")
  (gimp-image-delete image))

(expect-error "strength 2"
              (sobolev RUN-NONINTERACTIVE victim victim-layer ref-layer
                       "strength" 2.0) "strength")
(expect-error "steps 0"
              (sobolev RUN-NONINTERACTIVE victim victim-layer ref-layer
                       "steps" 0) "steps")
(expect-error "negative bandwidth"
              (sobolev RUN-NONINTERACTIVE victim victim-layer ref-layer
                       "bandwidth" -1.0) "bandwidth")
(expect-error "unknown method"
              (sobolev RUN-NONINTERACTIVE victim victim-layer ref-layer
                       "method" "bogus"))
(expect-error "unknown working space"
              (sobolev RUN-NONINTERACTIVE victim victim-layer ref-layer
                       "space" "cmyk"))
(expect-error "LUT file in a missing folder"
              (sobolev RUN-NONINTERACTIVE victim victim-layer ref-layer
                       "lut-file" "/nonexistent-folder/x.cube"))
(gimp-image-select-rectangle victim CHANNEL-OP-REPLACE 0 0 4 4)
(gimp-selection-none victim)
(let ((away (car (gimp-layer-new victim 4 4 RGB-IMAGE "away" 100
                                 LAYER-MODE-NORMAL))))
  (gimp-image-insert-layer victim away 0 0)
  (gimp-layer-set-offsets away 100 100)
  (gimp-image-select-rectangle victim CHANNEL-OP-REPLACE 0 0 8 8)
  (let ((before (digest away)))
    (check "a selection that misses the layer is an error"
           (failed? (sobolev RUN-NONINTERACTIVE victim away ref-layer)))
    (check "the layer the selection misses is unchanged"
           (= before (digest away))))
  (gimp-selection-none victim)
  (gimp-image-remove-layer victim away))

;; A float layer holding a NaN: refused, and left as it was.
(let* ((image (small-photo "chelsea.png" 20 20))
       (layer (active-layer image)))
  (gimp-image-convert-precision image PRECISION-FLOAT-LINEAR)
  ; 0x7fc00000, a quiet NaN, little-endian, in R, G and B.
  (gimp-drawable-set-pixel layer 3 3 12 #(0 0 192 127 0 0 192 127
                                          0 0 192 127))
  (let ((before (exact-bytes layer 3))
        (thumb (pixel-bytes layer))
        (r (sobolev RUN-NONINTERACTIVE image layer ref-layer)))
    (check "a float layer with NaN is refused" (failed? r))
    (check "the float layer with NaN is unchanged"
           (and (= 0 (count-changed before (exact-bytes layer 3) always 0 16))
                (= 0 (count-changed thumb (pixel-bytes layer) always 0 4))))
    (check "the NaN refusal says what is wrong"
           (or (string-contains? (error-text r) "NaN")
               (string-contains? (error-text r) "finite"))
           (error-text r)))
  (gimp-image-delete image))

; Last values whose reference has gone.
(let* ((image (small-photo "coffee.png" 20 20)))
  (sobolev RUN-NONINTERACTIVE img-c (active-layer img-c) (active-layer image))
  (gimp-image-delete image)
  (expect-error "last values with a deleted reference"
                (sobolev RUN-WITH-LAST-VALS victim victim-layer -1)
                "no longer exists"))

; --- The file procedure.
(define (file-call src ref out strength)
  (try (lambda ()
         (plug-in-sobolev-transfer-file RUN-NONINTERACTIVE src ref out
                                        strength))))
(define images-before-file-calls (car (gimp-image-list)))
(let ((r (file-call (data-file "chelsea.png") (data-file "coffee.png")
                    (out-file "file-chelsea-coffee.png") 1.0)))
  (check "file procedure" (not (failed? r)) (error-text r)))
(let ((r (file-call (data-file "rocket.jpg") (data-file "astronaut.png")
                    (out-file "file-rocket.jpg") 0.5)))
  (check "file procedure to JPEG" (not (failed? r)) (error-text r)))
(define (expect-file-error name r)
  (check (string-append "bad file call fails: " name) (failed? r)
         (error-text r)))
(expect-file-error "missing source"
                   (file-call "/nonexistent.png" (data-file "coffee.png")
                              (out-file "never1.png") 1.0))
(expect-file-error "missing reference"
                   (file-call (data-file "chelsea.png") "/nonexistent.png"
                              (out-file "never2.png") 1.0))
(expect-file-error "a folder as source"
                   (file-call test-data-dir (data-file "coffee.png")
                              (out-file "never3.png") 1.0))
(expect-file-error "a file that is not an image"
                   (file-call (data-file "SOURCES.md")
                              (data-file "coffee.png")
                              (out-file "never4.png") 1.0))
(expect-file-error "output in a missing folder"
                   (file-call (data-file "chelsea.png")
                              (data-file "coffee.png")
                              "/nonexistent-folder/out.png" 1.0))
(expect-file-error "strength 5"
                   (file-call (data-file "chelsea.png")
                              (data-file "coffee.png")
                              (out-file "never5.png") 5.0))
(expect-file-error "empty output name"
                   (file-call (data-file "chelsea.png")
                              (data-file "coffee.png") "" 1.0))
(check "no image is left open by the file calls"
       (= (car (gimp-image-list)) images-before-file-calls)
       (car (gimp-image-list)))
