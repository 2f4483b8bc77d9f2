; sobolev-transfer — what the GUI test asks a real gimp-2.10 to do.
; The test driver defines ui-source, ui-reference, ui-outdir and ui-runs
; (a list of run tags) before loading this file.  For each tag the
; plug-in is called interactively (its dialog opens; the driver presses
; OK or Cancel), and the layer is saved to <outdir>/<tag>.png.

(define (ui-default-args proc)
  ; Every argument after run-mode, image, drawable and reference is a
  ; placeholder of its PDB type: in interactive mode the dialog starts
  ; from the last values, not from these.
  (let* ((info (gimp-procedural-db-proc-info proc))
         (nparams (nth 6 info)))
    (let loop ((i (- nparams 1)) (acc '()))
      (if (< i 4)
          acc
          (let ((type (car (gimp-procedural-db-proc-arg proc i))))
            (loop (- i 1)
                  (cons (cond ((= type PDB-STRING) "")
                              ((= type PDB-FLOAT) 0.0)
                              (else 0))
                        acc)))))))

(define (ui-save image layer tag)
  (let ((path (string-append ui-outdir "/" tag ".png")))
    (file-png-save2 RUN-NONINTERACTIVE image layer path path
                    0 9 0 0 0 0 0 0 0)))

(define (ui-log text)
  (let ((port (open-output-file (string-append ui-outdir "/progress.log"))))
    (display text port)
    (close-output-port port)))

(let* ((src (car (gimp-file-load RUN-NONINTERACTIVE ui-source ui-source)))
       (ref (car (gimp-file-load RUN-NONINTERACTIVE ui-reference
                                 ui-reference)))
       (layer (car (gimp-image-get-active-layer src)))
       (reference (car (gimp-image-get-active-layer ref)))
       (extra (ui-default-args "plug-in-sobolev-transfer")))
  (gimp-display-new ref)
  (gimp-display-new src)
  (gimp-displays-flush)
  (ui-save src layer "before")
  (for-each
   (lambda (tag)
     (ui-log (string-append "calling " tag))
     ; A cancelled run makes the call fail; catch keeps the script going.
     (catch #f
            (apply plug-in-sobolev-transfer
                   (append (list RUN-INTERACTIVE src layer reference)
                           extra)))
     (ui-save src layer tag)
     (ui-log (string-append "saved " tag)))
   ui-runs)
  (ui-log "done"))

; Force: the images are modified, and nobody is there to answer.
(gimp-quit 1)
