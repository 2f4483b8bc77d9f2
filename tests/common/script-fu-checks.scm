; Helpers of the Script-Fu tests that both GIMPs share (tests/host for
; GIMP 2.10, tests/gimp3 for GIMP 3): results, errors and file names.
; The run scripts define test-data-dir, test-out-dir and test-results
; first, and load each GIMP's own helpers after this file.

(define test-port (open-output-file test-results))
(define test-count 0)
(define test-failed 0)

; Records one check.  detail says what was seen when it fails.
(define (check name ok . detail)
  (set! test-count (+ test-count 1))
  (if (not ok) (set! test-failed (+ test-failed 1)))
  (display (if ok "ok " "not ok ") test-port)
  (display name test-port)
  (if (and (not ok) (pair? detail))
      (begin (display " -- " test-port) (write detail test-port)))
  (newline test-port)
  (gimp-message (string-append (if ok "ok " "not ok ") name)))

; Writes the final "done" line the run scripts look for.
(define (test-finish)
  (display "done " test-port)
  (display test-count test-port)
  (display " checks, " test-port)
  (display test-failed test-port)
  (display " failed" test-port)
  (newline test-port)
  (close-output-port test-port))

; Runs thunk; returns (ok . value) or (error message).  Script-Fu turns a
; procedure's error status into a Scheme error; this keeps its message.
(define (try thunk)
  (call/cc
    (lambda (k)
      (let ((old *error-hook*))
        (set! *error-hook*
              (lambda args (set! *error-hook* old) (k (cons 'error args))))
        (let ((r (thunk)))
          (set! *error-hook* old)
          (cons 'ok r))))))

(define (failed? r) (eq? (car r) 'error))
(define (error-text r)
  (if (and (failed? r) (pair? (cdr r)) (string? (cadr r))) (cadr r) ""))

(define (string-contains? s sub)
  (let ((n (string-length s)) (m (string-length sub)))
    (let loop ((i 0))
      (cond ((> (+ i m) n) #f)
            ((string=? (substring s i (+ i m)) sub) #t)
            (else (loop (+ i 1)))))))

(define (data-file name) (string-append test-data-dir "/" name))
(define (out-file name) (string-append test-out-dir "/" name))

; A small copy of a sample photo: runs stay fast.  Each photo is read
; from its file once per run and then duplicated inside GIMP: every load
; starts a file plug-in, about half a second of processor time.
; load-image and duplicate-image are each GIMP's own.
(define loaded-photos '())
(define (loaded-photo name)
  (let ((known (assoc name loaded-photos)))
    (if known
        (cdr known)
        (let ((image (load-image (data-file name))))
          (set! loaded-photos (cons (cons name image) loaded-photos))
          image))))
(define (small-photo name w h)
  (let ((image (duplicate-image (loaded-photo name))))
    (gimp-image-scale image w h)
    image))
