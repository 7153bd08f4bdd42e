; prg certificate: an inductive invariant that proves no_users_added_during_failover
; property: no_users_added_during_failover
; fault budget: 1
; scope: 
; digest: 1290cb3f4619f4c75dc8ca511eb145aa6929810df96a7f82e86d288ee67362db
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
 (let (($x11473 (>= u7@cert 0)))
(let (($x17503 (>= u6@cert 0)))
(let (($x10813 (>= u5@cert 0)))
(let (($x4508 (>= u4@cert 0)))
(let (($x14403 (and $x4508 $x10813 $x17503 $x11473 (= u4@cert (+ u5@cert u6@cert u7@cert)))))
(let (($x6329 (>= u3@cert 0)))
(let (($x14170 (>= u2@cert 0)))
(let (($x14171 (>= u1@cert 0)))
(let (($x5753 (>= u0@cert 0)))
(let (($x15378 (and $x5753 $x14171 $x14170 $x6329 (= u0@cert (+ u1@cert u2@cert u3@cert)))))
(and $x15378 $x14403 (or (or (= n1.state@cert 0)) (= n1.saved@cert 14)) (or (or (= n2.state@cert 0)) (= n2.saved@cert 14))))))))))))))
(check-sat)
