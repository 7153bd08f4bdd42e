; prg certificate: an inductive invariant that proves no_users_added_during_failover
; property: no_users_added_during_failover
; fault budget: 1
; scope: 
; digest: db384dd9a25be917de7a6aa4f128a4f478741ed69974b45f34aed13083d7f863
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
 (let (($x14762 (>= u7@cert 0)))
(let (($x14767 (>= u6@cert 0)))
(let (($x15287 (>= u5@cert 0)))
(let (($x16068 (>= u4@cert 0)))
(let (($x4499 (and $x16068 $x15287 $x14767 $x14762 (= u4@cert (+ u5@cert u6@cert u7@cert)))))
(let (($x14153 (>= u3@cert 0)))
(let (($x14138 (>= u2@cert 0)))
(let (($x14140 (>= u1@cert 0)))
(let (($x13871 (>= u0@cert 0)))
(let (($x15049 (and $x13871 $x14140 $x14138 $x14153 (= u0@cert (+ u1@cert u2@cert u3@cert)))))
(and $x15049 $x4499 (or (or (= n1.state@cert 0)) (= n1.saved@cert 14)) (or (or (= n2.state@cert 0)) (= n2.saved@cert 14))))))))))))))
(check-sat)
