; prg certificate: an inductive invariant that proves no_split_brain
; property: no_split_brain
; fault budget: 1
; scope: partition-split-brain,srm-stopped-alone-split-brain
; digest: 66c7c923b20914d39bfa5d1207ba3c64d1f724d192cac9b237d14e970cda72f7
; method: spacer
; the invariant in the spec's words (38 clauses):
; - never: node 2's srm stopped_alone
; - never at once: node 1's state Normal; node 2's state Running in Backup Mode; node 1's power on; node 1's srm running; node 1's network up
; - never at once: node 1's state Taking Over; node 2's state one of Unknown, Backup Activated, Failover Affected Services; node 2's srm running; node 2's power on; node 2's network up
; - never at once: node 1's state Running in Backup Mode; node 2's state Falling Back; node 2's srm running; node 2's power on; node 2's network up
; - never: node 1's link cut
; - never: node 2's link cut
; - never: node 1's srm stopped_alone
; - never at once: node 2's state Taking Over; node 1's state Normal; node 1's power on; node 1's srm running; node 1's network up
; - never at once: node 2's state Normal; node 1's state Running in Backup Mode; node 2's srm running; node 2's power on; node 2's network up
; - never at once: node 1's state Failover Affected Services; node 2's state Failover Affected Services
; - never at once: node 1's state Falling Back; node 2's state Running in Backup Mode; node 1's power on; node 1's srm running; node 1's network up
; - never at once: node 1's state Running in Backup Mode; node 2's state Running in Backup Mode; node 2's srm running; node 1's power on; node 1's srm running; node 1's network up; node 2's power on; node 2's network up
; - never at once: node 1's state Taking Over; node 2's state Running in Backup Mode; node 2's srm running; node 1's power on; node 1's srm running; node 1's network up; node 2's power on; node 2's network up
; - never at once: node 1's state Taking Over; node 2's state Falling Back; node 2's srm running; node 2's power on; node 2's network up
; - never at once: node 1's state Taking Over; node 2's state Normal; node 2's srm running; node 2's power on; node 2's network up
; - never at once: node 2's state Taking Over; node 1's state Falling Back; node 1's power on; node 1's srm running; node 1's network up
; - never at once: node 2's state Taking Over; node 1's power on; node 1's state one of Unknown, Backup Activated, Failover Affected Services; node 1's srm running; node 1's network up
; - never at once: node 1's state Taking Over; node 2's state Taking Over; node 2's srm running; node 1's power on; node 1's srm running; node 1's network up; node 2's power on; node 2's network up
; - never at once: node 2's state Taking Over; node 1's state Running in Backup Mode; node 2's srm running; node 1's power on; node 1's srm running; node 1's network up; node 2's power on; node 2's network up
; - never at once: high availability False; node 1's state Idle
; - never at once: high availability False; node 2's state anything but Initializing, Idle, Normal
; - never at once: node 1's state Normal; node 2's state Failover Affected Services
; - never at once: node 1's state Taking Back; node 2's state Running in Backup Mode; node 1's power on; node 1's srm running; node 1's network up
; - never at once: node 1's state Unknown; node 2's state Running in Backup Mode; node 1's power on; node 1's srm running; node 1's network up
; - never at once: node 1's state Falling Back; node 2's state Failover Affected Services
; - never at once: node 1's state Unknown; node 2's state Failover Affected Services
; - never at once: node 2's state Unknown; node 1's state Running in Backup Mode; node 2's srm running; node 2's power on; node 2's network up
; - never at once: high availability False; node 1's state anything but Initializing, Idle, Normal
; - never at once: node 2's state Taking Back; node 1's state Running in Backup Mode; node 2's srm running; node 2's power on; node 2's network up
; - never at once: node 1's state Failover Affected Services; node 2's state Falling Back
; - never at once: node 2's state Unknown; node 1's state Failover Affected Services
; - never at once: node 2's state Normal; node 1's state Failover Affected Services
; - never at once: node 1's state Taking Over; node 2's state Taking Back; node 2's srm running; node 2's power on; node 2's network up
; - never at once: node 2's state Taking Over; node 1's state Taking Back; node 1's power on; node 1's srm running; node 1's network up
; - never at once: node 2's state Taking Back; node 1's state Failover Affected Services
; - never at once: node 1's state Taking Back; node 2's state Failover Affected Services
; - never at once: node 1's state Failover Affected Services; node 2's state Running in Backup Mode; node 1's power on; node 1's srm running; node 1's network up
; - never at once: node 1's state Running in Backup Mode; node 2's srm running; node 2's state Failover Affected Services; node 2's power on; node 2's network up
; benchmark generated from python API
(set-info :status unknown)
(declare-fun n2.network@cert () Int)
(declare-fun n2.power@cert () Int)
(declare-fun n2.state@cert () Int)
(declare-fun n2.srm@cert () Int)
(declare-fun n1.state@cert () Int)
(declare-fun n1.network@cert () Int)
(declare-fun n1.srm@cert () Int)
(declare-fun n1.power@cert () Int)
(declare-fun ha@cert () Bool)
(declare-fun n2.link@cert () Int)
(declare-fun n1.link@cert () Int)
(assert
 (let (($x12257 (not (<= n2.network@cert 0))))
(let (($x16635 (not (<= n2.power@cert 0))))
(let (($x14758 (not (>= n2.state@cert 13))))
(let (($x16646 (not (<= n2.srm@cert 0))))
(let (($x3448 (= n1.state@cert 3)))
(let (($x5117 (not $x3448)))
(let (($x14859 (not (<= n1.network@cert 0))))
(let (($x16620 (not (<= n1.srm@cert 0))))
(let (($x16622 (not (<= n1.power@cert 0))))
(let (($x3474 (= n2.state@cert 3)))
(let (($x10456 (not $x3474)))
(let (($x12594 (not (>= n1.state@cert 13))))
(let (($x14170 (not (= n1.state@cert 9))))
(let (($x4915 (or $x14170 $x14758)))
(let (($x4363 (not (= n2.state@cert 9))))
(let (($x14191 (or $x4363 $x12594)))
(let (($x3487 (= n2.state@cert 2)))
(let (($x6303 (not $x3487)))
(let (($x14764 (or $x6303 $x12594)))
(let (($x3489 (= n2.state@cert 11)))
(let (($x10912 (not $x3489)))
(let (($x4312 (or $x10912 $x12594)))
(let (($x14171 (or ha@cert (not (>= n1.state@cert 3)))))
(let (($x3451 (= n1.state@cert 11)))
(let (($x14770 (not $x3451)))
(let (($x14185 (or $x14770 $x14758)))
(let (($x3450 (= n1.state@cert 8)))
(let (($x14672 (not $x3450)))
(let (($x3455 (or $x14672 $x14758)))
(let (($x3447 (= n1.state@cert 2)))
(let (($x14805 (not $x3447)))
(let (($x4300 (or $x14805 $x14758)))
(let (($x4728 (or ha@cert (not (>= n2.state@cert 3)))))
(let (($x8103 (or ha@cert (not (= n1.state@cert 1)))))
(let (($x3475 (= n2.state@cert 4)))
(let (($x14265 (not $x3475)))
(let (($x3449 (= n1.state@cert 4)))
(let (($x16642 (not $x3449)))
(let (($x14236 (or $x12594 $x14758)))
(let (($x16633 (not (>= n2.network@cert 2))))
(let (($x3488 (= n2.state@cert 8)))
(let (($x8049 (not $x3488)))
(let (($x14472 (or $x8049 $x16633)))
(let (($x14761 (not (>= n2.power@cert 3))))
(let (($x2264 (not (>= n1.srm@cert 2))))
(let (($x14301 (not (>= n2.link@cert 1))))
(let (($x11977 (not (>= n1.power@cert 3))))
(let (($x3354 (not (>= n1.network@cert 2))))
(let (($x4094 (not (>= n1.link@cert 1))))
(let (($x3868 (not (<= n2.state@cert (- 1)))))
(let (($x16632 (or $x16635 $x16633)))
(let (($x16606 (not (>= n2.srm@cert 2))))
(and $x16606 (or $x14805 $x10456 $x16622 $x16620 $x14859) $x16632 (or $x16642 (not (>= n2.state@cert 11)) $x16646 $x16635 $x12257) (or $x5117 $x8049 $x16646 $x16635 $x12257) $x3868 $x4094 $x3354 $x11977 $x14301 $x2264 $x14761 (or $x14265 $x14805 $x16622 $x16620 $x14859) (or $x6303 $x5117 $x16646 $x16635 $x12257) $x14472 $x14236 (or $x14672 $x10456 $x16622 $x16620 $x14859) (or $x5117 $x10456 $x16646 $x16622 $x16620 $x14859 $x16635 $x12257) (or $x16642 $x10456 $x16646 $x16622 $x16620 $x14859 $x16635 $x12257) (or $x16642 $x8049 $x16646 $x16635 $x12257) (or $x16642 $x6303 $x16646 $x16635 $x12257) (or $x14265 $x14672 $x16622 $x16620 $x14859) (or $x14265 $x16622 (not (>= n1.state@cert 11)) $x16620 $x14859) (or $x16642 $x14265 $x16646 $x16622 $x16620 $x14859 $x16635 $x12257) (or $x14265 $x5117 $x16646 $x16622 $x16620 $x14859 $x16635 $x12257) $x8103 $x4728 $x4300 (or $x14170 $x10456 $x16622 $x16620 $x14859) (or $x14770 $x10456 $x16622 $x16620 $x14859) $x3455 $x14185 (or $x10912 $x5117 $x16646 $x16635 $x12257) $x14171 (or $x4363 $x5117 $x16646 $x16635 $x12257) (or $x12594 $x8049) $x4312 $x14764 (or $x16642 $x4363 $x16646 $x16635 $x12257) (or $x14265 $x14170 $x16622 $x16620 $x14859) $x14191 $x4915 (or $x12594 $x10456 $x16622 $x16620 $x14859) (or $x5117 $x16646 $x14758 $x16635 $x12257)))))))))))))))))))))))))))))))))))))))))))))))))))))))
(check-sat)
