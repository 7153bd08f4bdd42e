; prg certificate: an inductive invariant that proves no_users_added_during_failover
; property: no_users_added_during_failover
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
(assert
 (let (($x12077 (>= u7@cert 0)))
(let (($x5892 (>= u6@cert 0)))
(let (($x14305 (>= u5@cert 0)))
(let (($x1813 (>= u4@cert 0)))
(let (($x2121 (and $x1813 $x14305 $x5892 $x12077 (= u4@cert (+ u5@cert u6@cert u7@cert)))))
(let (($x9441 (>= u3@cert 0)))
(let (($x201563 (>= u2@cert 0)))
(let (($x201593 (>= u1@cert 0)))
(let (($x202494 (>= u0@cert 0)))
(let (($x3193 (and $x202494 $x201593 $x201563 $x9441 (= u0@cert (+ u1@cert u2@cert u3@cert)))))
(and $x3193 $x2121 (or (or (= n1.state@cert 0)) (= n1.saved@cert 14)) (or (or (= n2.state@cert 0)) (= n2.saved@cert 14))))))))))))))
(check-sat)
