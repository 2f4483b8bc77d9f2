; Helpers of the GIMP 2.10 host tests: images, pixel digests, and calls of
; the plug-in built from the parameter table (args.scm, made by host-args).
; gimp-run.sh loads tests/common/script-fu-checks.scm (results, errors,
; file names) and args.scm first.

(define (load-image path) (car (gimp-file-load RUN-NONINTERACTIVE path path)))
(define (duplicate-image image) (car (gimp-image-duplicate image)))
(define (active-layer image) (car (gimp-image-get-active-layer image)))

; The table's values with some replaced by name, then the lut-file, the
; reference-palette and the look-file.
; (sobolev-args "strength" 0.5 "lut-file" "/tmp/x.cube")
(define (sobolev-args . overrides)
  (define (lookup name default)
    (let loop ((o overrides))
      (cond ((null? o) default)
            ((string=? (car o) name) (cadr o))
            (else (loop (cddr o))))))
  (append (map lookup sobolev-param-names sobolev-param-defaults)
          (list (lookup "lut-file" "") (lookup "reference-palette" "")
                (lookup "look-file" ""))))

(define (sobolev mode image drawable reference . overrides)
  (try (lambda ()
         (apply plug-in-sobolev-transfer
                (append (list mode image drawable reference)
                        (apply sobolev-args overrides))))))

; Pixels as (width bytes-per-pixel bytes): bytes is one flat vector, row
; by row.  Each is kept flat because TinyScheme is slow with many small
; vectors.

; Every pixel as 8-bit R'G'B'(A).  A 1:1 sub-thumbnail is exactly the
; pixels of an 8-bit layer, in one PDB call (a call per pixel would cost
; seconds).  Higher precisions are rounded to 8 bits; exact-bytes checks
; those bit for bit.
(define (pixel-bytes drawable)
  (let* ((w (car (gimp-drawable-width drawable)))
         (h (car (gimp-drawable-height drawable)))
         (t (gimp-drawable-sub-thumbnail drawable 0 0 w h w h)))
    (list w (list-ref t 2) (list-ref t 4))))

; The pixels of row y in the drawable's own format (2 bytes a channel at
; 16 bits, 4 at float), one PDB call per pixel.
(define (exact-bytes drawable y)
  (let* ((w (car (gimp-drawable-width drawable)))
         (first (gimp-drawable-get-pixel drawable 0 y))
         (bpp (car first))
         (v (make-vector (* w bpp))))
    (do ((x 0 (+ x 1))) ((= x w) (list w bpp v))
      (let ((p (cadr (gimp-drawable-get-pixel drawable x y))))
        (do ((j 0 (+ j 1))) ((= j bpp))
          (vector-set! v (+ (* x bpp) j) (vector-ref p j)))))))

; A checksum of all pixel bytes.
(define (digest drawable)
  (let ((v (caddr (pixel-bytes drawable))) (h 7))
    (do ((i 0 (+ i 1))) ((= i (vector-length v)) h)
      (set! h (modulo (+ (* h 263) (vector-ref v i) 1) 1000000007)))))

; How many pixels (x, y) for which (pred x y) holds differ in bytes from
; to to - 1 between two pixel-bytes results of the same drawable.
(define (count-changed before after pred from to)
  (let* ((w (car before)) (bpp (cadr before))
         (a (caddr before)) (b (caddr after))
         (n-pixels (quotient (vector-length a) bpp))
         (n 0))
    (do ((i 0 (+ i 1))) ((= i n-pixels) n)
      (if (pred (modulo i w) (quotient i w))
          (let loop ((j from))
            (cond ((>= j (min to bpp)) #f)
                  ((not (= (vector-ref a (+ (* i bpp) j))
                           (vector-ref b (+ (* i bpp) j))))
                   (set! n (+ n 1)))
                  (else (loop (+ j 1)))))))))

(define (always x y) #t)
