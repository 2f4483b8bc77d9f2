; What several test files share: small images keep per-pixel checks fast.
(define W 48)
(define H 32)
(define ref-image (small-photo "coffee.png" 40 27))
(define ref-layer (active-layer ref-image))
