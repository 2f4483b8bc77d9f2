; Hostile calls of both procedures, as a table: each must fail with a
; message that says what is wrong, and leave the image exactly as it was;
; the file procedure's calls must leave every file as it was (hostile.sh
; compares them byte for byte after GIMP exits) and no image open.

(define victim (small-photo "chelsea.png" W H))
(define victim-layer (active-layer victim))
(define victim-digest (digest victim-layer))

; A layer of another image that is then deleted: a stale ID.
(define stale-layer
  (let* ((gone (car (gimp-image-new 8 8 RGB)))
         (layer (car (gimp-layer-new gone 8 8 RGB-IMAGE "x" 100
                                     LAYER-MODE-NORMAL))))
    (gimp-image-insert-layer gone layer 0 0)
    (gimp-image-delete gone)
    layer))

; A fully transparent layer.
(define clear-image (car (gimp-image-new 8 8 RGB)))
(define clear-layer
  (let ((layer (car (gimp-layer-new clear-image 8 8 RGBA-IMAGE "clear" 100
                                    LAYER-MODE-NORMAL))))
    (gimp-image-insert-layer clear-image layer 0 0)
    (gimp-drawable-fill layer FILL-TRANSPARENT)
    layer))

; A float layer whose first pixel is 3e38: finite, but no color.
(define huge-image (car (gimp-image-new 8 8 RGB)))
(define huge-layer
  (let ((layer (car (gimp-layer-new huge-image 8 8 RGB-IMAGE "huge" 100
                                    LAYER-MODE-NORMAL))))
    (gimp-image-insert-layer huge-image layer 0 0)
    (gimp-drawable-fill layer FILL-WHITE)
    (gimp-image-convert-precision huge-image PRECISION-FLOAT-GAMMA)
    (let ((layer (active-layer huge-image))
          (p (make-vector 12 0)))
      (do ((c 0 (+ c 1))) ((= c 3))
        (vector-set! p (* 4 c) 230)
        (vector-set! p (+ (* 4 c) 1) 177)
        (vector-set! p (+ (* 4 c) 2) 97)
        (vector-set! p (+ (* 4 c) 3) 127))
      (gimp-drawable-set-pixel layer 0 0 12 p)
      layer)))
(define huge-digest (digest huge-layer))

(define channel
  (car (gimp-channel-new victim W H "channel" 50 '(0 0 0))))
(gimp-image-insert-channel victim channel 0 0)

; Files for the file procedure, made by hostile.sh (hostile-dir), which
; checks after GIMP exits that none of them changed.
(define (hostile-file name) (string-append hostile-dir "/" name))
(define file-src (hostile-file "src.png"))
(define file-ref (hostile-file "ref.png"))
(define file-kept (hostile-file "kept.png"))
(define file-src-respelled (string-append hostile-dir "/./src.png"))

(define (layer-call mode drawable reference . overrides)
  (apply sobolev (append (list mode victim drawable reference) overrides)))

(define (file-call src ref out strength)
  (try (lambda ()
         (plug-in-sobolev-transfer-file RUN-NONINTERACTIVE src ref out
                                        strength))))

(define n-images (car (gimp-image-list)))

; (name thunk needle): thunk makes the call; needle must be in the error.
(define hostile-layer-calls
  (list
   (list "stale reference ID"
         (lambda () (layer-call RUN-NONINTERACTIVE victim-layer stale-layer))
         "reference")
   (list "stale source ID"
         (lambda () (sobolev RUN-NONINTERACTIVE victim stale-layer ref-layer))
         "invalid ID")
   (list "a channel as reference"
         (lambda () (layer-call RUN-NONINTERACTIVE victim-layer channel))
         "layer")
   (list "a fully transparent reference"
         (lambda () (layer-call RUN-NONINTERACTIVE victim-layer clear-layer))
         "transparent")
   (list "a float reference with 3e38 in it"
         (lambda () (layer-call RUN-NONINTERACTIVE victim-layer huge-layer))
         "out of range")
   (list "strength 2"
         (lambda () (layer-call RUN-NONINTERACTIVE victim-layer ref-layer
                                "strength" 2.0))
         "strength")
   (list "steps 0"
         (lambda () (layer-call RUN-NONINTERACTIVE victim-layer ref-layer
                                "steps" 0))
         "steps must be between 1 and 100000 (got 0)")
   (list "steps 2147483647, printed in full"
         (lambda () (layer-call RUN-NONINTERACTIVE victim-layer ref-layer
                                "steps" 2147483647))
         "(got 2147483647)")
   (list "seed -1"
         (lambda () (layer-call RUN-NONINTERACTIVE victim-layer ref-layer
                                "seed" -1))
         "seed must be between 0 and 2147483647 (got -1)")
   (list "bandwidth 0.001"
         (lambda () (layer-call RUN-NONINTERACTIVE victim-layer ref-layer
                                "bandwidth" 0.001))
         "bandwidth must be between 0.005 and 4")
   (list "smoothness 0"
         (lambda () (layer-call RUN-NONINTERACTIVE victim-layer ref-layer
                                "smoothness" 0.0))
         "smoothness")
   (list "features 5000"
         (lambda () (layer-call RUN-NONINTERACTIVE victim-layer ref-layer
                                "features" 5000))
         "features must be between 1 and 4096 (got 5000)")
   (list "refine 9"
         (lambda () (layer-call RUN-NONINTERACTIVE victim-layer ref-layer
                                "refine" 9))
         "refine")
   (list "bits 8"
         (lambda () (layer-call RUN-NONINTERACTIVE victim-layer ref-layer
                                "bits" 8))
         "bits")
   (list "lut-size 1"
         (lambda () (layer-call RUN-NONINTERACTIVE victim-layer ref-layer
                                "lut-size" 1))
         "lut-size")
   (list "unknown method"
         (lambda () (layer-call RUN-NONINTERACTIVE victim-layer ref-layer
                                "method" "magic"))
         "magic")
   (list "unknown working space"
         (lambda () (layer-call RUN-NONINTERACTIVE victim-layer ref-layer
                                "space" "hsv"))
         "hsv")
   (list "LUT file in a missing folder"
         (lambda () (layer-call RUN-NONINTERACTIVE victim-layer ref-layer
                                "lut-file" "/nonexistent-folder/x.cube"))
         "nonexistent-folder")
   (list "interactive without a display"
         (lambda () (layer-call RUN-INTERACTIVE victim-layer ref-layer))
         "no display")))

(define hostile-file-calls
  (list
   (list "output is the source"
         (lambda () (file-call file-src file-ref file-src 1.0))
         "is the source file")
   (list "output is the source, spelled otherwise"
         (lambda () (file-call file-src file-ref file-src-respelled 1.0))
         "is the source file")
   (list "output is the reference"
         (lambda () (file-call file-src file-ref file-ref 1.0))
         "is the reference file")
   (list "missing source"
         (lambda () (file-call "/nonexistent.png" file-ref file-kept 1.0))
         "/nonexistent.png")
   (list "missing reference"
         (lambda () (file-call file-src "/nonexistent.png" file-kept 1.0))
         "/nonexistent.png")
   (list "a folder as source"
         (lambda () (file-call hostile-dir file-ref file-kept 1.0))
         "is not a file")
   (list "a text file as reference"
         (lambda () (file-call file-src (data-file "SOURCES.md") file-kept
                               1.0))
         "SOURCES.md")
   (list "strength 5 over an existing output"
         (lambda () (file-call file-src file-ref file-kept 5.0))
         "strength")
   (list "output in a missing folder"
         (lambda () (file-call file-src file-ref "/nonexistent-folder/o.png"
                               1.0))
         "nonexistent-folder")
   (list "output is a folder"
         (lambda () (file-call file-src file-ref hostile-dir 1.0))
         "folder")
   (list "empty output name"
         (lambda () (file-call file-src file-ref "" 1.0))
         "empty")))

(for-each
 (lambda (entry)
   (let* ((name (car entry))
          (r ((cadr entry)))
          (needle (caddr entry)))
     (check (string-append "hostile call fails with a message: " name)
            (and (failed? r)
                 (> (string-length (error-text r)) 0)
                 (string-contains? (error-text r) needle))
            (error-text r))
     (check (string-append "hostile call leaves the image unchanged: " name)
            (and (= victim-digest (digest victim-layer))
                 (= huge-digest (digest huge-layer))))))
 hostile-layer-calls)

(for-each
 (lambda (entry)
   (let* ((name (car entry))
          (r ((cadr entry)))
          (needle (caddr entry)))
     (check (string-append "hostile file call fails with a message: " name)
            (and (failed? r)
                 (> (string-length (error-text r)) 0)
                 (string-contains? (error-text r) needle))
            (error-text r))
     (check (string-append "hostile file call leaves no image open: " name)
            (= n-images (car (gimp-image-list)))
            (car (gimp-image-list)))))
 hostile-file-calls)

(check "the table has a case for each kind of bad call"
       (>= (+ (length hostile-layer-calls) (length hostile-file-calls)) 30))
