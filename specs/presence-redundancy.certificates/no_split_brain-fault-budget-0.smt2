; prg certificate: an inductive invariant that proves no_split_brain
; property: no_split_brain
; fault budget: 0
; scope: 
; digest: 12b302f274d93f5701998a5fad1021bd31c204ed05260fa4e2dd3fe5ebda2dec
; method: spacer
; the invariant in the spec's words (35 clauses):
; - never at once: high availability False; node 1's state anything but Initializing, Idle, Normal
; - never at once: node 1's state Normal; node 1's power on; node 1's network up; node 2's state Running in Backup Mode
; - never: node 1's srm anything but running
; - never: node 2's srm anything but running
; - never: node 1's state Unknown
; - never: node 2's state Unknown
; - never: node 1's link cut
; - never: node 2's link cut
; - never at once: node 2's state Normal; node 2's power on; node 1's state Running in Backup Mode; node 2's network up
; - never at once: node 2's state Taking Over; node 1's state Normal; node 1's power on; node 1's network up
; - never at once: node 1's state Taking Over; node 2's state Normal; node 2's power on; node 2's network up
; - never at once: node 1's state Falling Back; node 2's state Taking Over; node 1's power on; node 1's network up
; - never at once: node 2's state Taking Over; node 1's power on; node 2's power on; node 1's network up; node 1's state Running in Backup Mode; node 2's network up
; - never at once: high availability False; node 2's state anything but Initializing, Idle, Normal
; - never at once: node 1's state Falling Back; node 1's power on; node 1's network up; node 2's state Running in Backup Mode
; - never at once: node 2's state Falling Back; node 2's power on; node 1's state Running in Backup Mode; node 2's network up
; - never at once: node 1's power on; node 2's power on; node 1's network up; node 1's state Running in Backup Mode; node 2's state Running in Backup Mode; node 2's network up
; - never at once: node 2's state Taking Over; node 1's state Taking Over; node 1's power on; node 2's power on; node 1's network up; node 2's network up
; - never at once: node 2's state Falling Back; node 1's state Taking Over; node 2's power on; node 2's network up
; - never at once: node 1's state Taking Over; node 1's power on; node 2's power on; node 1's network up; node 2's state Running in Backup Mode; node 2's network up
; - never at once: node 2's state Falling Back; node 1's state Failover Affected Services
; - never at once: node 2's state Normal; node 1's state Failover Affected Services
; - never at once: node 2's state Taking Back; node 2's power on; node 1's state Running in Backup Mode; node 2's network up
; - never at once: node 1's state Taking Back; node 2's state Taking Over; node 1's power on; node 1's network up
; - never at once: node 1's state Normal; node 2's state Failover Affected Services
; - never at once: node 1's state Falling Back; node 2's state Failover Affected Services
; - never at once: node 1's state Taking Back; node 1's power on; node 1's network up; node 2's state Running in Backup Mode
; - never at once: node 2's state Taking Back; node 1's state Taking Over; node 2's power on; node 2's network up
; - never at once: node 2's state Failover Affected Services; node 1's state Failover Affected Services
; - never at once: node 2's state Taking Back; node 1's state Failover Affected Services
; - never at once: node 2's state Taking Over; node 1's power on; node 1's network up; node 1's state Failover Affected Services
; - never at once: node 1's state Taking Back; node 2's state Failover Affected Services
; - never at once: node 1's state Taking Over; node 2's power on; node 2's state Failover Affected Services; node 2's network up
; - never at once: node 2's power on; node 1's state Running in Backup Mode; node 2's state Failover Affected Services; node 2's network up
; - never at once: node 1's power on; node 1's network up; node 2's state Running in Backup Mode; node 1's state Failover Affected Services
; benchmark generated from python API
(set-info :status unknown)
(declare-fun n1.state@cert () Int)
(declare-fun n2.state@cert () Int)
(declare-fun n1.network@cert () Int)
(declare-fun n1.power@cert () Int)
(declare-fun n2.network@cert () Int)
(declare-fun n2.power@cert () Int)
(declare-fun ha@cert () Bool)
(declare-fun n2.link@cert () Int)
(declare-fun n1.link@cert () Int)
(declare-fun n2.srm@cert () Int)
(declare-fun n1.srm@cert () Int)
(assert
 (let (($x3065 (not (>= n1.state@cert 13))))
(let (($x3474 (= n2.state@cert 3)))
(let (($x16049 (not $x3474)))
(let (($x16050 (not (<= n1.network@cert 0))))
(let (($x4397 (not (<= n1.power@cert 0))))
(let (($x16037 (not (>= n1.power@cert 3))))
(let (($x14188 (or $x16050 $x16049 $x16037 $x3065)))
(let (($x14268 (not (>= n1.network@cert 2))))
(let (($x11756 (or $x4397 $x16049 $x14268 $x3065)))
(let (($x16039 (not (<= n2.network@cert 0))))
(let (($x9390 (not (>= n2.state@cert 13))))
(let (($x3448 (= n1.state@cert 3)))
(let (($x8488 (not $x3448)))
(let (($x5634 (not (<= n2.power@cert 0))))
(let (($x11672 (or $x5634 $x8488 $x9390 $x16039)))
(let (($x11391 (not (= n1.state@cert 9))))
(let (($x4396 (or $x11391 $x9390)))
(let (($x16968 (not (= n2.state@cert 9))))
(let (($x7158 (or $x16968 $x3065)))
(let (($x3450 (= n1.state@cert 8)))
(let (($x16035 (not $x3450)))
(let (($x12913 (or $x16035 $x9390)))
(let (($x3447 (= n1.state@cert 2)))
(let (($x16055 (not $x3447)))
(let (($x14195 (or $x16055 $x9390)))
(let (($x3487 (= n2.state@cert 2)))
(let (($x6597 (not $x3487)))
(let (($x15595 (or $x6597 $x3065)))
(let (($x3488 (= n2.state@cert 8)))
(let (($x3226 (not $x3488)))
(let (($x82 (or $x3226 $x3065)))
(let (($x3449 (= n1.state@cert 4)))
(let (($x16023 (not $x3449)))
(let (($x3475 (= n2.state@cert 4)))
(let (($x16024 (not $x3475)))
(let (($x3785 (or $x3226 $x5634 $x8488 $x16039)))
(let (($x11883 (or ha@cert (not (>= n2.state@cert 3)))))
(let (($x9797 (not (<= n2.state@cert (- 1)))))
(let (($x3286 (or ha@cert $x16037)))
(let (($x9848 (or (not (>= n2.power@cert 3)) $x16039)))
(let (($x3305 (not (>= n2.link@cert 1))))
(let (($x14180 (not (>= n2.network@cert 2))))
(let (($x7445 (not (>= n1.link@cert 1))))
(let (($x3489 (= n2.state@cert 11)))
(let (($x7378 (not $x3489)))
(let (($x3451 (= n1.state@cert 11)))
(let (($x7377 (not $x3451)))
(let (($x8691 (= n2.srm@cert 0)))
(let (($x2629 (= n1.srm@cert 0)))
(let (($x16056 (or ha@cert (not (>= n1.state@cert 3)))))
(and (or $x16024 $x16023 $x5634 $x16039 $x16037 $x14268) (or $x16035 $x16050 $x16049 $x16037) $x16056 (or $x16055 $x4397 $x16050 $x16049) $x2629 $x8691 (or $x16035 $x16024 $x4397 $x14268) (or $x16024 $x5634 $x8488 $x16039 $x16037 $x14268) (or $x16035 $x4397 $x16049 $x14268) (or $x16024 $x5634 $x16050 $x8488 $x16039 $x16037) $x7377 $x7378 $x7445 $x14180 $x3305 $x9848 (or $x6597 $x5634 $x8488 $x16039) (or $x16024 $x16055 $x16050 $x16037) (or $x16024 $x16055 $x4397 $x16050) (or $x16024 $x16055 $x4397 $x14268) (or $x16024 $x16055 $x16037 $x14268) (or $x16055 $x16049 $x16037 $x14268) (or $x16055 $x16050 $x16049 $x16037) (or $x16055 $x4397 $x16049 $x14268) (or $x16023 $x6597 $x5634 $x16039) (or $x16035 $x16024 $x16037 $x14268) (or $x16035 $x16024 $x16050 $x16037) (or $x16035 $x16024 $x4397 $x16050) $x3286 (or $x16024 $x4397 $x5634 $x8488 $x16039 $x14268) $x9797 (or $x16024 $x4397 $x5634 $x16050 $x8488 $x16039) $x11883 (or $x16035 $x4397 $x16050 $x16049) (or $x16035 $x16049 $x16037 $x14268) $x3785 (or $x4397 $x5634 $x8488 $x16049 $x16039 $x14268) (or $x4397 $x5634 $x16050 $x8488 $x16049 $x16039) (or $x5634 $x8488 $x16049 $x16039 $x16037 $x14268) (or $x5634 $x16050 $x8488 $x16049 $x16039 $x16037) (or $x16024 $x16023 $x4397 $x5634 $x16039 $x14268) (or $x16024 $x16023 $x5634 $x16050 $x16039 $x16037) (or $x16024 $x16023 $x4397 $x5634 $x16050 $x16039) (or $x3226 $x16023 $x5634 $x16039) (or $x16023 $x5634 $x16050 $x16049 $x16039 $x16037) (or $x16023 $x5634 $x16049 $x16039 $x16037 $x14268) (or $x16023 $x4397 $x5634 $x16050 $x16049 $x16039) (or $x16023 $x4397 $x5634 $x16049 $x16039 $x14268) $x82 $x15595 (or $x16968 $x5634 $x8488 $x16039) (or $x11391 $x16024 $x16037 $x14268) (or $x11391 $x16024 $x4397 $x14268) (or $x11391 $x16024 $x4397 $x16050) $x14195 (or $x11391 $x16024 $x16050 $x16037) $x12913 (or $x11391 $x16050 $x16049 $x16037) (or $x11391 $x16049 $x16037 $x14268) (or $x11391 $x4397 $x16049 $x14268) (or $x11391 $x4397 $x16050 $x16049) (or $x16968 $x16023 $x5634 $x16039) (or $x9390 $x3065) $x7158 (or $x16024 $x16050 $x16037 $x3065) (or $x16024 $x16037 $x14268 $x3065) (or $x16024 $x4397 $x14268 $x3065) (or $x16024 $x4397 $x16050 $x3065) $x4396 (or $x16023 $x5634 $x9390 $x16039) $x11672 $x11756 (or $x16049 $x16037 $x14268 $x3065) $x14188 (or $x4397 $x16050 $x16049 $x3065)))))))))))))))))))))))))))))))))))))))))))))))))))))
(check-sat)
