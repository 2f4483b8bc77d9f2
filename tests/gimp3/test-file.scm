; The GIMP 3 file procedure: outputs it refuses, images too large to
; load, a JPEG of an image with alpha, and no output cut short.
; file3.sh defines guarded-dir (files no call may change) and
; fixtures-dir, and checks the guarded files after GIMP quits.
(define (guarded name) (string-append guarded-dir "/" name))
(define src (guarded "src.png"))
(define ref (guarded "ref.png"))

(define (file-call source reference output . more)
  (try (lambda ()
         (apply plug-in-sobolev-transfer-file
                (append (list #:run-mode RUN-NONINTERACTIVE #:source source
                              #:reference reference #:output output
                              #:strength 1.0)
                        more)))))

(define (refused name r expected-text)
  (check (string-append "refuses " name)
         (and (failed? r) (string-contains? (error-text r) expected-text))
         (error-text r)))

; The output is never a file the call reads, under any spelling; the
; source only when asked (overwrite-source), the reference never.
(refused "output = source" (file-call src ref src) "is the source file")
(refused "output = source, spelled otherwise"
         (file-call src ref (string-append guarded-dir "/./src.png"))
         "is the source file")
(refused "output = reference" (file-call src ref ref) "is the reference file")
(refused "output = reference, even with overwrite-source"
         (file-call src ref ref #:overwrite-source #t)
         "is the reference file")

; Images larger than the limit are refused before GIMP decodes them: the
; fixture's header claims 20000 × 20000 pixels (400 MP, over the default
; 200) in 69 bytes; its pixel data is a few zero bytes, so a decoder
; would fail with another message.
(refused "a source whose header claims 400 megapixels"
         (file-call (string-append fixtures-dir "/claims-400mp.png") ref
                    (guarded "kept.png"))
         "20000 × 20000 pixels, more than the limit of 200 megapixels")
(refused "a reference whose header claims 400 megapixels"
         (file-call src (string-append fixtures-dir "/claims-400mp.png")
                    (guarded "kept.png"))
         "20000 × 20000 pixels, more than the limit of 200 megapixels")
(refused "a source over a lower max-megapixels"
         (file-call src ref (guarded "kept.png") #:max-megapixels 0.1)
         "451 × 300 pixels, more than the limit of 0.1 megapixels")

; A save that fails leaves the existing output whole (it is written to
; a temporary file first, which is removed): GIMP has no saver for .xyz.
(refused "an output GIMP cannot save" (file-call src ref (guarded "kept.xyz"))
         "Could not save")

; A save that fails midway (file3.sh caps files at 2 MiB, as a full
; disk would) leaves the existing output whole too: a 1200 × 900 source
; (blocky, so its PNG stays small) as an uncompressed TIFF is 3.2 MB.
(define big (small-photo "chelsea.png" 120 90))
(gimp-context-push)
(gimp-context-set-interpolation INTERPOLATION-NONE)
(gimp-image-scale big 1200 900)
(gimp-context-pop)
(write-image big "big.png")
(refused "an output cut short by a full disk"
         (file-call (out-file "big.png") ref (guarded "kept.tif"))
         "Could not save")

; Calls that succeed write into the output folder.
; overwrite-source: the source is replaced, on purpose.
(write-image (small-photo "chelsea.png" 48 32) "replaced.png")
(write-image (small-photo "chelsea.png" 48 32) "replaced-before.png")
(let ((r (file-call (out-file "replaced.png") ref (out-file "replaced.png")
                    #:overwrite-source #t)))
  (check "overwrite-source replaces the source" (not (failed? r))
         (error-text r))
  (expect "changed" (out-file "replaced-before.png") (out-file "replaced.png")
          0.5))

; A source with alpha saved as JPEG: flattened onto the background
; color, so its transparent part comes out in that color.
(define alpha-image (small-photo "chelsea.png" 48 32))
(define alpha-layer (first-layer alpha-image))
(gimp-layer-add-alpha alpha-layer)
(gimp-image-select-rectangle alpha-image CHANNEL-OP-REPLACE 0 0 16 32)
(gimp-drawable-edit-clear alpha-layer)
(gimp-selection-none alpha-image)
(write-image alpha-image "alpha.png")
(gimp-context-set-background '(0 128 255))
(let ((r (file-call (out-file "alpha.png") ref (out-file "alpha.jpg"))))
  (check "a source with alpha saved as JPEG" (not (failed? r)) (error-text r))
  (let ((back (try (lambda () (load-image (out-file "alpha.jpg"))))))
    (check "... loads back, of the same size"
           (and (not (failed? back))
                (= (gimp-image-get-width (cdr back)) 48)
                (= (gimp-image-get-height (cdr back)) 32)))))
(expect "fill" (out-file "alpha.jpg") 0 0 14 32 0 128 255)
(expect "changed" (out-file "alpha.png") (out-file "alpha.jpg") 0.3)
