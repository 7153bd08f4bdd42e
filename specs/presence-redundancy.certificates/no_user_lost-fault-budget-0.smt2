; prg certificate: an inductive invariant that proves no_user_lost
; property: no_user_lost
; fault budget: 0
; scope: 
; digest: 12b302f274d93f5701998a5fad1021bd31c204ed05260fa4e2dd3fe5ebda2dec
; method: k-induction
; the invariant in the spec's words (5 clauses):
; - the property itself
; - users of node 1 are conserved
; - users of node 2 are conserved
; - node 1 saves a state only where it resumes one
; - node 2 saves a state only where it resumes one
; benchmark generated from python API
(set-info :status unknown)
(declare-fun n2.saved@cert () Int)
(declare-fun n2.state@cert () Int)
(declare-fun n1.saved@cert () Int)
(declare-fun n1.state@cert () Int)
(declare-fun u7@cert () Int)
(declare-fun u6@cert () Int)
(declare-fun u5@cert () Int)
(declare-fun u4@cert () Int)
(declare-fun u3@cert () Int)
(declare-fun u2@cert () Int)
(declare-fun u1@cert () Int)
(declare-fun u0@cert () Int)
(declare-fun n1.database@cert () Int)
(declare-fun n1.critical@cert () Int)
(declare-fun n1.network@cert () Int)
(declare-fun n1.srm@cert () Int)
(declare-fun n1.power@cert () Int)
(declare-fun n2.database@cert () Int)
(declare-fun n2.critical@cert () Int)
(declare-fun n2.network@cert () Int)
(declare-fun n2.srm@cert () Int)
(declare-fun n2.power@cert () Int)
(assert
 (let (($x3509 (>= u7@cert 0)))
(let (($x3508 (>= u6@cert 0)))
(let (($x3507 (>= u5@cert 0)))
(let (($x3506 (>= u4@cert 0)))
(let (($x3511 (and $x3506 $x3507 $x3508 $x3509 (= u4@cert (+ u5@cert u6@cert u7@cert)))))
(let (($x3503 (>= u3@cert 0)))
(let (($x3502 (>= u2@cert 0)))
(let (($x3501 (>= u1@cert 0)))
(let (($x3500 (>= u0@cert 0)))
(let (($x3505 (and $x3500 $x3501 $x3502 $x3503 (= u0@cert (+ u1@cert u2@cert u3@cert)))))
(let (($x3452 (= n1.state@cert 13)))
(let (($x3449 (= n1.state@cert 4)))
(let (($x3448 (= n1.state@cert 3)))
(let (($x3494 (or $x3448 $x3449 $x3452)))
(let (($x3446 (and (or (= n1.critical@cert 0)) (or (= n1.database@cert 0)))))
(let (($x213 (not false)))
(let (($x5228 (not (or (= n1.power@cert 1) (= n1.power@cert 2)))))
(let (($x5242 (and $x5228 (not (or (= n1.srm@cert 1))) (not (or (= n1.network@cert 1))) $x213 $x213 $x213 $x213)))
(let (($x3495 (and $x5242 $x3446 $x3494)))
(let (($x3476 (= n2.state@cert 13)))
(let (($x3475 (= n2.state@cert 4)))
(let (($x3474 (= n2.state@cert 3)))
(let (($x2811 (or (= n2.state@cert 2) $x3474 $x3475 (= n2.state@cert 8) (= n2.state@cert 11) $x3476)))
(let (($x3473 (and (or (= n2.critical@cert 0)) (or (= n2.database@cert 0)))))
(let (($x3461 (not (or (= n2.power@cert 1) (= n2.power@cert 2)))))
(let (($x3468 (and $x3461 (not (or (= n2.srm@cert 1))) (not (or (= n2.network@cert 1))) $x213 $x213 $x213 $x213)))
(let (($x3490 (and $x3468 $x3473 $x2811)))
(let (($x3484 (or (< u4@cert 0) (< u5@cert 0) (< u6@cert 0) (< u7@cert 0))))
(let (($x3453 (or (= n1.state@cert 2) $x3448 $x3449 (= n1.state@cert 8) (= n1.state@cert 11) $x3452)))
(let (($x3457 (and $x5242 $x3446 $x3453)))
(let (($x5221 (or (< u0@cert 0) (< u1@cert 0) (< u2@cert 0) (< u3@cert 0))))
(let (($x3498 (or $x5221 (and (distinct (+ u1@cert u2@cert u3@cert) u0@cert) true) (and (> u1@cert 0) (not $x3457)) (and (> u2@cert 0) (not (and $x3468 $x3473 (or $x3474 $x3475 $x3476)))) $x3484 (and (distinct (+ u5@cert u6@cert u7@cert) u4@cert) true) (and (> u5@cert 0) (not $x3490)) (and (> u6@cert 0) (not $x3495)))))
(and (not $x3498) $x3505 $x3511 (or (or (= n1.state@cert 0)) (= n1.saved@cert 14)) (or (or (= n2.state@cert 0)) (= n2.saved@cert 14))))))))))))))))))))))))))))))))))))
(check-sat)
