; prg certificate: an inductive invariant that proves no_split_brain
; property: no_split_brain
; fault budget: 1
; scope: partition-split-brain,srm-stopped-alone-split-brain
; digest: 1fa88cb6da4fe51097a3302238580fc07e86ea9c74666bf3b2e7f1da94997d9e
; method: spacer
; the invariant in the spec's words (37 clauses):
; - never at once: node 1's state Normal; node 2's state Failover Affected Services
; - never at once: node 2's state Running in Backup Mode; node 2's network up; node 1's state Running in Backup Mode; node 2's srm running; node 1's srm running; node 1's power on; node 1's network up; node 2's power on
; - never at once: node 1's state Normal; node 2's state Running in Backup Mode; node 1's srm running; node 1's power on; node 1's network up
; - never at once: node 2's state Taking Over; node 1's state one of Unknown, Backup Activated, Failover Affected Services; node 1's srm running; node 1's power on; node 1's network up
; - never: node 2's srm stopped_alone
; - never: node 2's link cut
; - never: node 1's srm stopped_alone
; - never: node 1's link cut
; - never at once: node 2's state Normal; node 2's network up; node 1's state Running in Backup Mode; node 2's srm running; node 2's power on
; - never at once: node 2's state Taking Over; node 1's state Normal; node 1's srm running; node 1's power on; node 1's network up
; - never at once: node 2's state Failover Affected Services; node 1's state Failover Affected Services
; - never at once: node 2's state Falling Back; node 2's network up; node 1's state Running in Backup Mode; node 2's srm running; node 2's power on
; - never at once: node 2's state Falling Back; node 2's network up; node 1's state Taking Over; node 2's srm running; node 2's power on
; - never at once: node 2's network up; node 1's state Taking Over; node 2's srm running; node 2's state one of Unknown, Backup Activated, Failover Affected Services; node 2's power on
; - never at once: node 2's state Running in Backup Mode; node 2's network up; node 1's state Taking Over; node 2's srm running; node 1's srm running; node 1's power on; node 1's network up; node 2's power on
; - never at once: node 2's state Normal; node 2's network up; node 1's state Taking Over; node 2's srm running; node 2's power on
; - never at once: node 2's state Taking Over; node 2's network up; node 1's state Taking Over; node 2's srm running; node 1's srm running; node 1's power on; node 1's network up; node 2's power on
; - never at once: node 2's state Taking Over; node 2's network up; node 1's state Running in Backup Mode; node 2's srm running; node 1's srm running; node 1's power on; node 1's network up; node 2's power on
; - never at once: node 1's state Falling Back; node 2's state Taking Over; node 1's srm running; node 1's power on; node 1's network up
; - never at once: node 1's state Falling Back; node 2's state Running in Backup Mode; node 1's srm running; node 1's power on; node 1's network up
; - never at once: high availability False; node 2's state anything but Initializing, Idle, Normal
; - never at once: node 1's state Falling Back; node 2's state Failover Affected Services
; - never at once: node 2's state Failover Affected Services; node 1's state Unknown
; - never at once: node 2's state Running in Backup Mode; node 1's state Unknown; node 1's srm running; node 1's power on; node 1's network up
; - never at once: node 2's state Unknown; node 1's state Failover Affected Services
; - never at once: node 1's state Taking Back; node 2's state Running in Backup Mode; node 1's srm running; node 1's power on; node 1's network up
; - never at once: node 2's network up; node 2's state Unknown; node 1's state Running in Backup Mode; node 2's srm running; node 2's power on
; - never at once: node 2's network up; node 1's state Running in Backup Mode; node 2's state Taking Back; node 2's srm running; node 2's power on
; - never at once: high availability False; node 1's state anything but Initializing, Idle, Normal
; - never at once: node 2's state Falling Back; node 1's state Failover Affected Services
; - never at once: node 2's state Normal; node 1's state Failover Affected Services
; - never at once: node 2's network up; node 1's state Taking Over; node 2's state Taking Back; node 2's srm running; node 2's power on
; - never at once: node 1's state Taking Back; node 2's state Taking Over; node 1's srm running; node 1's power on; node 1's network up
; - never at once: node 1's state Taking Back; node 2's state Failover Affected Services
; - never at once: node 2's state Failover Affected Services; node 2's network up; node 1's state Running in Backup Mode; node 2's srm running; node 2's power on
; - never at once: node 2's state Running in Backup Mode; node 1's state Failover Affected Services; node 1's srm running; node 1's power on; node 1's network up
; - never at once: node 2's state Taking Back; node 1's state Failover Affected Services
; benchmark generated from python API
(set-info :status unknown)
(declare-fun n1.state@cert () Int)
(declare-fun n2.state@cert () Int)
(declare-fun n1.network@cert () Int)
(declare-fun n1.power@cert () Int)
(declare-fun n1.srm@cert () Int)
(declare-fun n2.power@cert () Int)
(declare-fun n2.srm@cert () Int)
(declare-fun n2.network@cert () Int)
(declare-fun ha@cert () Bool)
(declare-fun n1.link@cert () Int)
(declare-fun n2.link@cert () Int)
(assert
 (let (($x4775 (not (>= n1.state@cert 13))))
(let (($x14276 (not (= n2.state@cert 9))))
(let (($x14194 (or $x14276 $x4775)))
(let (($x16623 (not (<= n1.network@cert 0))))
(let (($x16625 (not (<= n1.power@cert 0))))
(let (($x16609 (not (<= n1.srm@cert 0))))
(let (($x3474 (= n2.state@cert 3)))
(let (($x16595 (not $x3474)))
(let (($x16632 (not (<= n2.power@cert 0))))
(let (($x14846 (not (<= n2.srm@cert 0))))
(let (($x3448 (= n1.state@cert 3)))
(let (($x16611 (not $x3448)))
(let (($x16612 (not (<= n2.network@cert 0))))
(let (($x14791 (not (>= n2.state@cert 13))))
(let (($x14257 (not (= n1.state@cert 9))))
(let (($x14749 (or $x14257 $x14791)))
(let (($x3487 (= n2.state@cert 2)))
(let (($x10601 (not $x3487)))
(let (($x12213 (or $x10601 $x4775)))
(let (($x3488 (= n2.state@cert 8)))
(let (($x14748 (not $x3488)))
(let (($x14422 (or $x14748 $x4775)))
(let (($x3850 (or ha@cert (not (>= n1.state@cert 3)))))
(let (($x3489 (= n2.state@cert 11)))
(let (($x7588 (not $x3489)))
(let (($x14277 (or $x7588 $x4775)))
(let (($x3450 (= n1.state@cert 8)))
(let (($x14537 (not $x3450)))
(let (($x7827 (or $x14537 $x14791)))
(let (($x14279 (or ha@cert (not (>= n2.state@cert 3)))))
(let (($x3475 (= n2.state@cert 4)))
(let (($x16637 (not $x3475)))
(let (($x3449 (= n1.state@cert 4)))
(let (($x3738 (not $x3449)))
(let (($x14221 (not (>= n1.link@cert 1))))
(let (($x6436 (not (>= n1.srm@cert 2))))
(let (($x14745 (not (>= n2.link@cert 1))))
(let (($x11879 (not (>= n2.srm@cert 2))))
(let (($x6431 (not (>= n2.power@cert 3))))
(let (($x7882 (not (>= n2.network@cert 2))))
(let (($x7948 (not (>= n1.power@cert 3))))
(let (($x2163 (not (>= n1.network@cert 2))))
(let (($x3447 (= n1.state@cert 2)))
(let (($x16597 (not $x3447)))
(let (($x11443 (or $x16597 $x14791)))
(and $x11443 (or $x16595 $x16612 $x16611 $x14846 $x16609 $x16625 $x16623 $x16632) (or $x16597 $x16595 $x16609 $x16625 $x16623) (or $x16637 (not (>= n1.state@cert 11)) $x16609 $x16625 $x16623) $x2163 $x7948 $x7882 $x6431 $x11879 $x14745 $x6436 $x14221 (or $x10601 $x16612 $x16611 $x14846 $x16632) (or $x16637 $x16597 $x16609 $x16625 $x16623) (or $x14791 $x4775) (or $x14748 $x16612 $x16611 $x14846 $x16632) (or $x14748 $x16612 $x3738 $x14846 $x16632) (or $x16612 $x3738 $x14846 (not (>= n2.state@cert 11)) $x16632) (or $x16595 $x16612 $x3738 $x14846 $x16609 $x16625 $x16623 $x16632) (or $x10601 $x16612 $x3738 $x14846 $x16632) (or $x16637 $x16612 $x3738 $x14846 $x16609 $x16625 $x16623 $x16632) (or $x16637 $x16612 $x16611 $x14846 $x16609 $x16625 $x16623 $x16632) (or $x14537 $x16637 $x16609 $x16625 $x16623) (or $x14537 $x16595 $x16609 $x16625 $x16623) $x14279 $x7827 (or $x14791 (not (= n1.state@cert 11))) (or $x16595 (not (= n1.state@cert 11)) $x16609 $x16625 $x16623) $x14277 (or $x14257 $x16595 $x16609 $x16625 $x16623) (or $x16612 $x7588 $x16611 $x14846 $x16632) (or $x16612 $x16611 $x14276 $x14846 $x16632) $x3850 $x14422 $x12213 (or $x16612 $x3738 $x14276 $x14846 $x16632) (or $x14257 $x16637 $x16609 $x16625 $x16623) $x14749 (or $x14791 $x16612 $x16611 $x14846 $x16632) (or $x16595 $x4775 $x16609 $x16625 $x16623) $x14194)))))))))))))))))))))))))))))))))))))))))))))))
(check-sat)
