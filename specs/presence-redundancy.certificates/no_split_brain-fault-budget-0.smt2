; prg certificate: an inductive invariant that proves no_split_brain
; property: no_split_brain
; fault budget: 0
; scope: 
; digest: 480c11b50c50222103fdda5f95971af8afbcf82a0c317cc621bbf90caf4b557e
; method: spacer
; the invariant in the spec's words (35 clauses):
; - never: node 2's srm anything but running
; - never: node 2's link cut
; - never at once: node 1's state Taking Over; node 2's state Falling Back; node 2's power on; node 2's network up
; - never: node 1's state Unknown
; - never: node 1's link cut
; - never at once: high availability False; node 2's state anything but Initializing, Idle, Normal
; - never at once: node 1's state Falling Back; node 2's state Failover Affected Services
; - never: node 1's srm anything but running
; - never: node 2's state Unknown
; - never at once: node 2's state Running in Backup Mode; node 1's state Normal; node 1's power on; node 1's network up
; - never at once: node 1's state Normal; node 2's state Taking Over; node 1's power on; node 1's network up
; - never at once: node 1's state Running in Backup Mode; node 2's state Falling Back; node 2's power on; node 2's network up
; - never at once: high availability False; node 1's state anything but Initializing, Idle, Normal
; - never at once: node 2's state Taking Over; node 1's state Falling Back; node 1's power on; node 1's network up
; - never at once: node 1's state Taking Over; node 2's state Taking Over; node 1's power on; node 2's power on; node 1's network up; node 2's network up
; - never at once: node 1's state Running in Backup Mode; node 2's state Taking Over; node 1's power on; node 2's power on; node 1's network up; node 2's network up
; - never at once: node 2's state Running in Backup Mode; node 1's state Falling Back; node 1's power on; node 1's network up
; - never at once: node 2's state Running in Backup Mode; node 1's state Taking Over; node 1's power on; node 2's power on; node 1's network up; node 2's network up
; - never at once: node 2's state Running in Backup Mode; node 1's state Running in Backup Mode; node 1's power on; node 2's power on; node 1's network up; node 2's network up
; - never at once: node 1's state Normal; node 2's state Failover Affected Services
; - never at once: node 2's state Running in Backup Mode; node 1's state Taking Back; node 1's power on; node 1's network up
; - never at once: node 2's state Falling Back; node 1's state Failover Affected Services
; - never at once: node 1's state Taking Back; node 2's state Taking Over; node 1's power on; node 1's network up
; - never at once: node 2's state Normal; node 1's state Failover Affected Services
; - never at once: node 1's state Taking Over; node 2's state Taking Back; node 2's power on; node 2's network up
; - never at once: node 1's state Taking Over; node 2's state Normal; node 2's power on; node 2's network up
; - never at once: node 1's state Running in Backup Mode; node 2's state Taking Back; node 2's power on; node 2's network up
; - never at once: node 1's state Running in Backup Mode; node 2's state Normal; node 2's power on; node 2's network up
; - never at once: node 1's state Taking Back; node 2's state Failover Affected Services
; - never at once: node 1's state Failover Affected Services; node 2's state Failover Affected Services
; - never at once: node 1's state Taking Over; node 2's power on; node 2's state Failover Affected Services; node 2's network up
; - never at once: node 2's state Taking Over; node 1's state Failover Affected Services; node 1's power on; node 1's network up
; - never at once: node 2's state Running in Backup Mode; node 1's state Failover Affected Services; node 1's power on; node 1's network up
; - never at once: node 2's state Taking Back; node 1's state Failover Affected Services
; - never at once: node 1's state Running in Backup Mode; node 2's power on; node 2's state Failover Affected Services; node 2's network up
; benchmark generated from python API
(set-info :status unknown)
(declare-fun n2.network@cert () Int)
(declare-fun n2.state@cert () Int)
(declare-fun n2.power@cert () Int)
(declare-fun n1.state@cert () Int)
(declare-fun n1.network@cert () Int)
(declare-fun n1.power@cert () Int)
(declare-fun ha@cert () Bool)
(declare-fun n1.srm@cert () Int)
(declare-fun n1.link@cert () Int)
(declare-fun n2.link@cert () Int)
(declare-fun n2.srm@cert () Int)
(assert
 (let (($x16015 (not (<= n2.network@cert 0))))
(let (($x16035 (not (>= n2.state@cert 13))))
(let (($x16017 (not (<= n2.power@cert 0))))
(let (($x3448 (= n1.state@cert 3)))
(let (($x11564 (not $x3448)))
(let (($x15572 (not (>= n2.power@cert 3))))
(let (($x9787 (not (= n2.state@cert 9))))
(let (($x2689 (not (>= n1.state@cert 13))))
(let (($x10169 (or $x9787 $x2689)))
(let (($x7663 (not (<= n1.network@cert 0))))
(let (($x8398 (not (<= n1.power@cert 0))))
(let (($x3474 (= n2.state@cert 3)))
(let (($x9628 (not $x3474)))
(let (($x3752 (or $x2689 $x16035)))
(let (($x3148 (not (= n1.state@cert 9))))
(let (($x7053 (or $x3148 $x16035)))
(let (($x3487 (= n2.state@cert 2)))
(let (($x14187 (not $x3487)))
(let (($x3342 (or $x11564 $x14187 $x15572 $x16015)))
(let (($x3488 (= n2.state@cert 8)))
(let (($x5771 (not $x3488)))
(let (($x3449 (= n1.state@cert 4)))
(let (($x14188 (not $x3449)))
(let (($x9190 (or $x14187 $x2689)))
(let (($x11157 (or $x5771 $x2689)))
(let (($x3447 (= n1.state@cert 2)))
(let (($x9636 (not $x3447)))
(let (($x3192 (or $x9636 $x16035)))
(let (($x3450 (= n1.state@cert 8)))
(let (($x16026 (not $x3450)))
(let (($x3475 (= n2.state@cert 4)))
(let (($x172 (not $x3475)))
(let (($x8062 (not (<= n1.state@cert (- 1)))))
(let (($x3944 (or ha@cert (not (>= n1.state@cert 3)))))
(let (($x4373 (not (>= n2.network@cert 2))))
(let (($x3489 (= n2.state@cert 11)))
(let (($x10080 (not $x3489)))
(let (($x9946 (not (>= n1.network@cert 2))))
(let (($x2629 (not (>= n1.srm@cert 1))))
(let (($x16040 (not (>= n1.power@cert 3))))
(let (($x16034 (or $x16026 $x16035)))
(let (($x16027 (or ha@cert (not (>= n2.state@cert 3)))))
(let (($x16013 (not (>= n1.link@cert 1))))
(let (($x3451 (= n1.state@cert 11)))
(let (($x14243 (not $x3451)))
(let (($x16001 (= n2.link@cert 0)))
(let (($x16002 (= n2.srm@cert 0)))
(and $x16002 $x16001 (or $x14188 $x5771 $x16017 $x16015) $x14243 $x16013 $x16027 $x16034 $x16040 $x2629 $x9946 $x10080 $x4373 (or $x9628 $x9636 $x8398 $x7663) (or $x9636 $x172 $x8398 $x7663) (or $x11564 $x5771 $x16017 $x16015) $x3944 $x8062 (or $x172 $x16026 $x8398 $x7663) (or $x14188 $x172 $x8398 $x16017 $x7663 $x16015) (or $x14188 $x172 $x15572 $x8398 $x7663 $x16015) (or $x11564 $x172 $x8398 $x16017 $x7663 $x16015) (or $x11564 $x172 $x15572 $x8398 $x7663 $x16015) (or $x9628 $x16026 $x8398 $x7663) (or $x9628 $x14188 $x8398 $x16017 $x7663 $x16015) (or $x9628 $x14188 $x15572 $x8398 $x7663 $x16015) (or $x9628 $x11564 $x8398 $x16017 $x7663 $x16015) (or $x9628 $x11564 $x15572 $x8398 $x7663 $x16015) $x3192 (or $x9628 $x3148 $x8398 $x7663) $x11157 (or $x3148 $x172 $x8398 $x7663) $x9190 (or $x14188 $x14187 $x15572 $x16015) (or $x14188 $x9787 $x16017 $x16015) (or $x14188 $x14187 $x16017 $x16015) (or $x14188 $x5771 $x15572 $x16015) (or $x11564 $x5771 $x15572 $x16015) $x3342 (or $x11564 $x9787 $x16017 $x16015) (or $x11564 $x14187 $x16017 $x16015) $x7053 $x3752 (or $x14188 $x16017 $x16035 $x16015) (or $x14188 $x15572 $x16035 $x16015) (or $x172 $x2689 $x8398 $x7663) (or $x9628 $x2689 $x8398 $x7663) $x10169 (or $x14188 $x9787 $x15572 $x16015) (or $x11564 $x9787 $x15572 $x16015) (or $x11564 $x15572 $x16035 $x16015) (or $x11564 $x16017 $x16035 $x16015))))))))))))))))))))))))))))))))))))))))))))))))))
(check-sat)
