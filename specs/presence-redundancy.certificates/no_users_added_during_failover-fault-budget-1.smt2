; prg certificate: an inductive invariant that proves no_users_added_during_failover
; property: no_users_added_during_failover
; fault budget: 1
; scope: 
; digest: 2dc58b07fd62213665be8db47b4dfc9af4db97d8aac02fbc77fd7b6f053daaae
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
 (let (($x15480 (>= u7@cert 0)))
(let (($x16627 (>= u6@cert 0)))
(let (($x16294 (>= u5@cert 0)))
(let (($x17503 (>= u4@cert 0)))
(let (($x2849 (and $x17503 $x16294 $x16627 $x15480 (= u4@cert (+ u5@cert u6@cert u7@cert)))))
(let (($x4965 (>= u3@cert 0)))
(let (($x162718 (>= u2@cert 0)))
(let (($x14180 (>= u1@cert 0)))
(let (($x162713 (>= u0@cert 0)))
(let (($x10456 (and $x162713 $x14180 $x162718 $x4965 (= u0@cert (+ u1@cert u2@cert u3@cert)))))
(and $x10456 $x2849 (or (or (= n1.state@cert 0)) (= n1.saved@cert 14)) (or (or (= n2.state@cert 0)) (= n2.saved@cert 14))))))))))))))
(check-sat)
