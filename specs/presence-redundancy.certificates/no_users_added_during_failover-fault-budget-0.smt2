; prg certificate: an inductive invariant that proves no_users_added_during_failover
; property: no_users_added_during_failover
; fault budget: 0
; scope: 
; digest: 480c11b50c50222103fdda5f95971af8afbcf82a0c317cc621bbf90caf4b557e
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
 (let (($x15907 (>= u7@cert 0)))
(let (($x193 (>= u6@cert 0)))
(let (($x5771 (>= u5@cert 0)))
(let (($x3233 (>= u4@cert 0)))
(let (($x9142 (and $x3233 $x5771 $x193 $x15907 (= u4@cert (+ u5@cert u6@cert u7@cert)))))
(let (($x4284 (>= u3@cert 0)))
(let (($x6504 (>= u2@cert 0)))
(let (($x6539 (>= u1@cert 0)))
(let (($x159084 (>= u0@cert 0)))
(let (($x16355 (and $x159084 $x6539 $x6504 $x4284 (= u0@cert (+ u1@cert u2@cert u3@cert)))))
(and $x16355 $x9142 (or (or (= n1.state@cert 0)) (= n1.saved@cert 14)) (or (or (= n2.state@cert 0)) (= n2.saved@cert 14))))))))))))))
(check-sat)
