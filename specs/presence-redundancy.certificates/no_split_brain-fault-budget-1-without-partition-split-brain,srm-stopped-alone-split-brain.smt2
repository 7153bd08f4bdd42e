; prg certificate: an inductive invariant that proves no_split_brain
; property: no_split_brain
; fault budget: 1
; scope: partition-split-brain,srm-stopped-alone-split-brain
; digest: d9b7dd3277512bc9dabaa457cdb68222b241c78f087ce0b00b00d6e6af22d26a
; method: spacer
; the invariant in the spec's words (37 clauses):
; - never at once: node 1's state Taking Over; node 2's srm running; node 2's state one of Unknown, Backup Activated, Failover Affected Services; node 2's power on; node 2's network up
; - never at once: node 1's state Falling Back; node 2's state Taking Over; node 1's network up; node 1's srm running; node 1's power on
; - never at once: node 2's state Running in Backup Mode; node 1's state Normal; node 1's network up; node 1's srm running; node 1's power on
; - never: node 2's srm stopped_alone
; - never: node 1's link cut
; - never: node 2's link cut
; - never: node 1's srm stopped_alone
; - never at once: node 1's state Running in Backup Mode; node 2's state Normal; node 2's srm running; node 2's power on; node 2's network up
; - never at once: node 2's state Taking Over; node 1's state Normal; node 1's network up; node 1's srm running; node 1's power on
; - never at once: node 2's state Failover Affected Services; node 1's state Failover Affected Services
; - never at once: node 1's state Falling Back; node 2's state Running in Backup Mode; node 1's network up; node 1's srm running; node 1's power on
; - never at once: node 2's state Taking Over; node 1's network up; node 1's state one of Unknown, Backup Activated, Failover Affected Services; node 1's srm running; node 1's power on
; - never at once: node 1's state Running in Backup Mode; node 2's state Taking Over; node 1's network up; node 2's srm running; node 2's power on; node 1's srm running; node 2's network up; node 1's power on
; - never at once: node 1's state Running in Backup Mode; node 2's state Running in Backup Mode; node 1's network up; node 2's srm running; node 2's power on; node 1's srm running; node 2's network up; node 1's power on
; - never at once: node 1's state Running in Backup Mode; node 2's state Falling Back; node 2's srm running; node 2's power on; node 2's network up
; - never at once: node 2's state Running in Backup Mode; node 1's network up; node 1's state Taking Over; node 2's srm running; node 2's power on; node 1's srm running; node 2's network up; node 1's power on
; - never at once: node 1's state Taking Over; node 2's state Falling Back; node 2's srm running; node 2's power on; node 2's network up
; - never at once: node 2's state Taking Over; node 1's network up; node 1's state Taking Over; node 2's srm running; node 2's power on; node 1's srm running; node 2's network up; node 1's power on
; - never at once: node 2's state Normal; node 1's state Taking Over; node 2's srm running; node 2's power on; node 2's network up
; - never at once: node 2's state Falling Back; node 1's state Failover Affected Services
; - never at once: node 2's state Normal; node 1's state Failover Affected Services
; - never at once: node 2's state Failover Affected Services; node 1's state Unknown
; - never at once: node 2's state Unknown; node 1's state Failover Affected Services
; - never at once: high availability False; node 2's state anything but Initializing, Idle, Normal
; - never at once: node 1's state Running in Backup Mode; node 2's state Taking Back; node 2's srm running; node 2's power on; node 2's network up
; - never at once: node 1's state Running in Backup Mode; node 2's state Unknown; node 2's srm running; node 2's power on; node 2's network up
; - never at once: high availability False; node 1's state anything but Initializing, Idle, Normal
; - never at once: node 2's state Taking Back; node 1's state Taking Over; node 2's srm running; node 2's power on; node 2's network up
; - never at once: node 1's state Taking Back; node 2's state Running in Backup Mode; node 1's network up; node 1's srm running; node 1's power on
; - never at once: node 1's state Unknown; node 2's state Running in Backup Mode; node 1's network up; node 1's srm running; node 1's power on
; - never at once: node 1's state Falling Back; node 2's state Failover Affected Services
; - never at once: node 2's state Failover Affected Services; node 1's state Normal
; - never at once: node 1's state Taking Back; node 2's state Taking Over; node 1's network up; node 1's srm running; node 1's power on
; - never at once: node 1's state Taking Back; node 2's state Failover Affected Services
; - never at once: node 2's state Taking Back; node 1's state Failover Affected Services
; - never at once: node 2's state Running in Backup Mode; node 1's network up; node 1's srm running; node 1's power on; node 1's state Failover Affected Services
; - never at once: node 1's state Running in Backup Mode; node 2's state Failover Affected Services; node 2's srm running; node 2's power on; node 2's network up
; benchmark generated from python API
(set-info :status unknown)
(declare-fun n2.network@cert () Int)
(declare-fun n2.power@cert () Int)
(declare-fun n2.srm@cert () Int)
(declare-fun n2.state@cert () Int)
(declare-fun n1.state@cert () Int)
(declare-fun n1.power@cert () Int)
(declare-fun n1.srm@cert () Int)
(declare-fun n1.network@cert () Int)
(declare-fun ha@cert () Bool)
(declare-fun n2.link@cert () Int)
(declare-fun n1.link@cert () Int)
(assert
 (let (($x16602 (not (<= n2.network@cert 0))))
(let (($x16604 (not (<= n2.power@cert 0))))
(let (($x14782 (not (<= n2.srm@cert 0))))
(let (($x14223 (not (>= n2.state@cert 13))))
(let (($x3448 (= n1.state@cert 3)))
(let (($x3907 (not $x3448)))
(let (($x2297 (not (>= n1.state@cert 13))))
(let (($x8682 (not (<= n1.power@cert 0))))
(let (($x8005 (not (<= n1.srm@cert 0))))
(let (($x8687 (not (<= n1.network@cert 0))))
(let (($x3474 (= n2.state@cert 3)))
(let (($x9668 (not $x3474)))
(let (($x14748 (not (= n2.state@cert 9))))
(let (($x12447 (or $x14748 $x2297)))
(let (($x4673 (not (= n1.state@cert 9))))
(let (($x6276 (or $x4673 $x14223)))
(let (($x3450 (= n1.state@cert 8)))
(let (($x16623 (not $x3450)))
(let (($x8513 (or $x16623 $x14223)))
(let (($x4057 (or ha@cert (not (>= n1.state@cert 3)))))
(let (($x14166 (or ha@cert (not (>= n2.state@cert 3)))))
(let (($x3489 (= n2.state@cert 11)))
(let (($x17516 (not $x3489)))
(let (($x17518 (or $x17516 $x2297)))
(let (($x3451 (= n1.state@cert 11)))
(let (($x17505 (not $x3451)))
(let (($x17511 (or $x14223 $x17505)))
(let (($x3487 (= n2.state@cert 2)))
(let (($x14757 (not $x3487)))
(let (($x17504 (or $x14757 $x2297)))
(let (($x3488 (= n2.state@cert 8)))
(let (($x16047 (not $x3488)))
(let (($x17073 (or $x16047 $x2297)))
(let (($x3449 (= n1.state@cert 4)))
(let (($x16588 (not $x3449)))
(let (($x3475 (= n2.state@cert 4)))
(let (($x16622 (not $x3475)))
(let (($x14186 (not (>= n1.srm@cert 2))))
(let (($x4072 (not (>= n2.link@cert 1))))
(let (($x7012 (not (>= n1.link@cert 1))))
(let (($x4713 (not (>= n2.srm@cert 2))))
(let (($x16624 (not (>= n1.network@cert 2))))
(let (($x16615 (not (>= n1.power@cert 3))))
(let (($x16617 (not (>= n2.power@cert 3))))
(let (($x16601 (not (>= n2.network@cert 2))))
(and (or $x16588 $x14782 (not (>= n2.state@cert 11)) $x16604 $x16602) $x16601 $x16617 $x16615 $x16624 (or $x16623 $x16622 $x8687 $x8005 $x8682) (or $x9668 (not (= n1.state@cert 2)) $x8687 $x8005 $x8682) $x4713 $x7012 $x4072 $x14186 (or $x3907 $x14757 $x14782 $x16604 $x16602) (or $x16622 (not (= n1.state@cert 2)) $x8687 $x8005 $x8682) (or $x14223 $x2297) (or $x16623 $x9668 $x8687 $x8005 $x8682) (or $x16622 $x8687 (not (>= n1.state@cert 11)) $x8005 $x8682) (or $x3907 $x16622 $x8687 $x14782 $x16604 $x8005 $x16602 $x8682) (or $x3907 $x9668 $x8687 $x14782 $x16604 $x8005 $x16602 $x8682) (or $x3907 $x16047 $x14782 $x16604 $x16602) (or $x9668 $x8687 $x16588 $x14782 $x16604 $x8005 $x16602 $x8682) (or $x16588 $x16047 $x14782 $x16604 $x16602) (or $x16622 $x8687 $x16588 $x14782 $x16604 $x8005 $x16602 $x8682) (or $x14757 $x16588 $x14782 $x16604 $x16602) $x17073 $x17504 $x17511 $x17518 $x14166 (or $x3907 $x14748 $x14782 $x16604 $x16602) (or $x3907 $x17516 $x14782 $x16604 $x16602) $x4057 (or $x14748 $x16588 $x14782 $x16604 $x16602) (or $x4673 $x9668 $x8687 $x8005 $x8682) (or $x17505 $x9668 $x8687 $x8005 $x8682) $x8513 (or $x14223 (not (= n1.state@cert 2))) (or $x4673 $x16622 $x8687 $x8005 $x8682) $x6276 $x12447 (or $x9668 $x8687 $x8005 $x8682 $x2297) (or $x3907 $x14223 $x14782 $x16604 $x16602))))))))))))))))))))))))))))))))))))))))))))))))
(check-sat)
