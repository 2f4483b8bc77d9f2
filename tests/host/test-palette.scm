; A GIMP palette as the reference, by name (the reference-palette
; argument): the colors read through the PDB, any method on them, last
; values, and palettes that cannot be used, each refused with the image
; exactly as it was.  Then a saved look (the look-file argument) instead
; of a reference, and looks that cannot be read.

; Palettes made here, so the test knows their colors.
(define (make-palette name colors)
  (let ((palette (car (gimp-palette-new name))))
    (for-each (lambda (c) (gimp-palette-add-entry palette "c" c)) colors)
    palette))

(define warm-colors '((200 30 20) (240 150 30) (60 10 10)))
(define warm (make-palette "sobolev-test-warm" warm-colors))
(define one (make-palette "sobolev-test-one" '((10 200 30))))
(define none (make-palette "sobolev-test-none" '()))
(define five (make-palette "sobolev-test-five"
                           '((0 0 0) (90 0 0) (0 90 0) (0 0 90) (90 90 90))))

; The mean distance, in 8-bit units, from each pixel to the palette
; color nearest to it.
(define (mean-distance-to drawable colors)
  (let* ((p (pixel-bytes drawable)) (bpp (cadr p)) (v (caddr p))
         (n (quotient (vector-length v) bpp)) (total 0))
    (do ((i 0 (+ i 1))) ((= i n) (/ total n))
      (let loop ((cs colors) (best 1e9))
        (if (null? cs)
            (set! total (+ total (sqrt best)))
            (let* ((c (car cs))
                   (dr (- (vector-ref v (* i bpp)) (car c)))
                   (dg (- (vector-ref v (+ (* i bpp) 1)) (cadr c)))
                   (db (- (vector-ref v (+ (* i bpp) 2)) (caddr c))))
              (loop (cdr cs) (min best (+ (* dr dr) (* dg dg) (* db db))))))))))

(define pal-a (small-photo "chelsea.png" W H))
(define pal-b (car (gimp-image-duplicate pal-a)))
(define pal-c (car (gimp-image-duplicate pal-a)))
(define pal-d (car (gimp-image-duplicate pal-a)))
(define pal-e (car (gimp-image-duplicate pal-a)))
(define pal-before (mean-distance-to (active-layer pal-a) warm-colors))

(let ((r (sobolev RUN-NONINTERACTIVE pal-a (active-layer pal-a) -1
                  "method" "" "reference-palette" warm)))
  (check "a palette by name is a reference" (not (failed? r)) (error-text r)))
(let ((after (mean-distance-to (active-layer pal-a) warm-colors)))
  ; Four colors for a whole photo: the edge guard keeps the photo's
  ; gradations where the map would posterize it, so the colors move
  ; less than all the way (as on the command line).
  (check "the colors moved toward the palette's (mean distance 0.6x)"
         (< after (* 0.6 pal-before)) pal-before after))

; With a palette, an empty method is the default one, as with a layer
; (README: the sliced flow matches a palette more closely than the
; palette method at its default softness); the palette method can be
; asked for and gives another result.
(sobolev RUN-NONINTERACTIVE pal-b (active-layer pal-b) -1
         "method" "sliced" "reference-palette" warm)
(check "with a palette, an empty method is the default method"
       (= (digest (active-layer pal-a)) (digest (active-layer pal-b))))
(let ((r (sobolev RUN-NONINTERACTIVE pal-c (active-layer pal-c) -1
                  "method" "palette" "reference-palette" warm)))
  (check "the palette method on a palette" (not (failed? r))
         (error-text r))
  (check "... gives another result"
         (not (= (digest (active-layer pal-a)) (digest (active-layer pal-c)))))
  (check "... also toward the palette's colors"
         (< (mean-distance-to (active-layer pal-c) warm-colors)
            (* 0.6 pal-before))))

; The palette wins over a reference layer given with it.
(sobolev RUN-NONINTERACTIVE pal-e (active-layer pal-e) ref-layer
         "reference-palette" warm "lut-file" (out-file "palette.cube"))
(check "the palette wins over the reference layer"
       (= (digest (active-layer pal-a)) (digest (active-layer pal-e))))
(check "the .cube LUT is written with a palette"
       (let ((in (try (lambda () (open-input-file (out-file "palette.cube"))))))
         (and (not (failed? in)) (cdr in) (eq? (read (cdr in)) 'TITLE))))

; Last values keep the palette.
(let ((r (sobolev RUN-WITH-LAST-VALS pal-d (active-layer pal-d) -1)))
  (check "last values with a palette" (not (failed? r)) (error-text r))
  (check "... give the same pixels"
         (= (digest (active-layer pal-a)) (digest (active-layer pal-d)))))

; A name with spaces and letters beyond ASCII, as palettes have.
(let* ((name (make-palette "Sobolev Wärme – Test" warm-colors))
       (image (small-photo "coffee.png" W H))
       (r (sobolev RUN-NONINTERACTIVE image (active-layer image) -1
                   "reference-palette" name)))
  (check "a palette named with spaces and non-ASCII letters"
         (not (failed? r)) (error-text r))
  (gimp-image-delete image))

; Palettes that cannot be used: an error naming the problem, the image
; unchanged.
(define pal-victim (small-photo "chelsea.png" W H))
(define pal-victim-digest (digest (active-layer pal-victim)))
(define (expect-palette-error name palette needle . image)
  (let* ((img (if (null? image) pal-victim (car image)))
         (before (digest (active-layer img)))
         (r (sobolev RUN-NONINTERACTIVE img (active-layer img) -1
                     "reference-palette" palette)))
    (check (string-append "bad palette fails: " name)
           (and (failed? r) (string-contains? (error-text r) needle))
           (error-text r))
    (check (string-append "bad palette leaves the image unchanged: " name)
           (= before (digest (active-layer img))))))

(expect-palette-error "no such palette" "sobolev-test-nowhere" "no palette")
(expect-palette-error "one color" one "only one color")
(expect-palette-error "no colors" none "no colors")
(let* ((tiny (car (gimp-image-new 2 2 RGB)))
       (layer (car (gimp-layer-new tiny 2 2 RGB-IMAGE "tiny" 100
                                   LAYER-MODE-NORMAL))))
  (gimp-image-insert-layer tiny layer 0 0)
  (gimp-drawable-fill layer FILL-WHITE)
  (expect-palette-error "more colors than pixels" five "4 pixels" tiny)
  (gimp-image-delete tiny))

; Last values whose palette has gone.
(sobolev RUN-NONINTERACTIVE pal-b (active-layer pal-b) -1
         "reference-palette" warm)
(gimp-palette-delete warm)
(expect-palette-error "last values with a deleted palette" warm "no palette")
(let ((r (sobolev RUN-WITH-LAST-VALS pal-victim (active-layer pal-victim) -1)))
  (check "last values with a deleted palette fail, naming it"
         (and (failed? r) (string-contains? (error-text r) warm))
         (error-text r))
  (check "... and leave the image unchanged"
         (= pal-victim-digest (digest (active-layer pal-victim)))))

; A saved look (look-file) instead of a reference: a .cube written here
; that inverts every color, applied at the strength and fidelity given.
(define (write-lines path lines)
  (let ((port (open-output-file path)))
    (for-each (lambda (line) (display line port) (newline port)) lines)
    (close-output-port port)))
(define invert-cube (out-file "invert.cube"))
(write-lines invert-cube
             '("TITLE \"invert\"" "LUT_3D_SIZE 2" "1 1 1" "0 1 1" "1 0 1"
               "0 0 1" "1 1 0" "0 1 0" "1 0 0" "0 0 0"))

; The largest difference, over the color channels, between b's pixels
; and f of a's.
(define (worst-channel a b f)
  (let* ((pa (pixel-bytes a)) (bpp (cadr pa)) (va (caddr pa))
         (vb (caddr (pixel-bytes b))) (n (vector-length va)))
    (let loop ((i 0) (worst 0))
      (cond ((= i n) worst)
            ((= (modulo i bpp) 3) (loop (+ i 1) worst))
            (else (loop (+ i 1)
                        (max worst (abs (- (vector-ref vb i)
                                           (f (vector-ref va i)))))))))))

(define look-original (small-photo "chelsea.png" W H))
(define (look-copy) (car (gimp-image-duplicate look-original)))
(define look-a (look-copy))
(define look-b (look-copy))
(define look-c (look-copy))
(let ((r (sobolev RUN-NONINTERACTIVE look-a (active-layer look-a) ref-layer
                  "fidelity" 1.0 "look-file" invert-cube)))
  (check "a saved look applies" (not (failed? r)) (error-text r))
  (check "... as its file says, instead of the reference layer given"
         (<= (worst-channel (active-layer look-original) (active-layer look-a)
                            (lambda (v) (- 255 v)))
             1)))
(sobolev RUN-NONINTERACTIVE look-b (active-layer look-b) -1
         "strength" 0.5 "fidelity" 1.0 "look-file" invert-cube)
(check "a saved look at half strength goes half way (mid-grey)"
       (<= (worst-channel (active-layer look-original) (active-layer look-b)
                          (lambda (v) 127.5))
           1))
(let ((r (sobolev RUN-WITH-LAST-VALS look-c (active-layer look-c) -1)))
  (check "last values keep the saved look" (not (failed? r)) (error-text r))
  (check "... and give the same pixels"
         (= (digest (active-layer look-b)) (digest (active-layer look-c)))))

; Looks that cannot be read: the file named, the image unchanged.
(define (expect-look-error name path)
  (let* ((before (digest (active-layer pal-victim)))
         (r (sobolev RUN-NONINTERACTIVE pal-victim (active-layer pal-victim) -1
                     "look-file" path)))
    (check (string-append "bad saved look fails: " name)
           (and (failed? r) (string-contains? (error-text r) "cannot read")
                (string-contains? (error-text r) path))
           (error-text r))
    (check (string-append "bad saved look leaves the image unchanged: " name)
           (= before (digest (active-layer pal-victim))))))
(define damaged-cube (out-file "damaged.cube"))
(write-lines damaged-cube '("LUT_3D_SIZE 2" "0 0 0"))
(expect-look-error "no such file" (out-file "nowhere.cube"))
(expect-look-error "too few values" damaged-cube)
(expect-look-error "an image, not a .cube" (data-file "chelsea.png"))
