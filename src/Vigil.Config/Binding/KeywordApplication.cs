using System.Collections.Frozen;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>
/// The keyword application catalog: for every keyword the binder reads, whether <c>vigil run</c> applies it
/// (and the test, Class.Method, that proves the effect) or only reads it (the reason, and what to do instead).
/// One row per keyword, by block; KeywordApplicationCatalogTests fails when a bound keyword has no row or an
/// Applied row names a test that does not exist. To mark a keyword implemented, replace its NotApplied(…) with
/// Applied("TestClass.TestMethod").
/// </summary>
internal static class KeywordApplication
{
    public const string NotAppliedCode = ConfigBinder.NotAppliedCode;

    private const string Routing = "VigilRunRoutingNetnsTests.VigilRun_ExcludedRoutesRulesStatics_FollowMastershipAndStopWithLeftoversPurged";
    private const string Vmac = "VmacNetnsTests.UseVmac_VigilMaster_MacvlanWithVirtualMacHoldsVipAdvertsFromItKeepalivedStaysBackupAllRemovedAtStop";
    private const string GarpMaster = "VirtualRouterTests.Step_MasterGarpDelay_SendsSecondBurstFiveSecondsAfterBecomingMaster";
    private const string GarpExtraIf = "VmacNetnsTests.GarpExtraIfAll_XmitBaseVmacAndAnotherInterface_OneGarpEverySecondOnEach";
    private const string SslClient = "HttpCheckerNetnsTests.SslGet_NginxRequiringAClientCertificate_PassesOnlyWithTheSslBlocksCertificate";
    private const string GarpGroup = "GarpGroupNetnsTests.GarpGroupOverTwoInterfaces_TwoInstancesTakingOverTogether_GarpsOneIntervalApartAcrossBoth";
    private const string GarpGroupPacing = "AnnouncementPacingTests.For_GroupWithOnlyAGnaInterval_ItsInterfacesSendGarpsUnspacedAndNasOnTheGroupsBudget";
    private const string GarpRefresh = "VirtualRouterTests.Step_GarpRefreshConfigured_SendsRefreshBurstOnAdvertTicks";
    private const string GarpLowerRepeat = "VirtualRouterTests.Step_MasterHearsLowerPriority_ReassertsAndRestartsAdvertTimer";
    private const string GarpLowerDelay = "AdvertKeywordNetnsTests.GarpLowerPrioDelay_MasterHearsLowerPriority_BurstAtOnceAndAgainTwoSecondsLater";
    private const string SkipCheckAdvAddr = "AdvertKeywordNetnsTests.SkipCheckAdvAddr_KeepalivedMastersListChangesOnReload_SkippingBackupStaysTheOtherTakesOver";
    private const string LowerPrioNoAdvert = "VirtualRouterTests.Step_MasterWithLowerPrioNoAdvertHearsLowerPriority_SendsOnlyGarp";
    private const string HigherPrioSendAdvert = "VirtualRouterTests.Step_MasterWithHigherPrioSendAdvertHearsHigherPriority_SendsAnAdvertThenStepsDown";
    private const string DownTimer = "VirtualRouterTests.Step_DownTimerAdverts_MasterDownIntervalCountsThatManyAdverts";
    private const string NotifyScripts = "TrackingNetnsTests.VigilRun_NotifyScriptsAndFifo_RunInOrderAfterTheirAddressChange";
    private const string NotifyPriority = "TrackingNetnsTests.VigilRun_NotifyPriorityChanges_FifoGetsMasterPriorityLinesAndNotifyScriptDoesNot";
    private const string WeightedScript = "TrackingNetnsTests.VigilRun_WeightedScriptFails_VipMovesToBackupAndBackOnRecovery";
    private const string TrackFile = "TrackingNetnsTests.VigilRun_TrackFileValueChanges_PriorityFollowsValueTimesWeight";
    private const string TrackProcess = "TrackingNetnsTests.VigilRun_TrackedProcessKilled_PriorityDropsAtOnceAndVipMoves";
    private const string UnicastPair = "VigilRunNetnsTests.VigilRun_V3Unicast_KillNineFailsOverRestartPreemptsSigtermHandsOver";
    private const string PassPair = "VigilRunNetnsTests.VigilRun_V2PassAuth_SigtermMasterBackupTakesOverAndMasterExitsZero";
    private const string Strict = "InstanceRuleTests.Bind_StrictMode_RejectsUnicastAuthAndMasterBelow255";
    private const string Email = "keepalived uses it only for e-mail alerts, which Vigil reports as not implemented on notification_email/smtp_server";

    private const string LvsRefused = "lvs-unsupported";
    private const string LvsInstall = "LvsStateTests.Install_RemovesSameKeyLeftover_ThenAddsServiceAndEveryRealServer";
    private const string LvsBound = "LvsBindingTests.Bind_NatServer_EveryImplementedKeywordApplied";
    private const string LvsTimings = "LvsBindingTests.Bind_CheckTimings_InheritFromRealServerThenVirtualServerThenDefaults";
    private const string LvsInhibit = "LvsStateTests.Report_InhibitOnFailure_SetsWeightZeroAndRestoresIt";
    private const string LvsDownUp = "LvsStateTests.Report_DownThenUp_RemovesThenAddsTheDestination";
    private const string LvsFlags = "LvsOpsStateTests.Mapping_SchedulerFlags_SentAsServiceFlags";
    private const string LvsNotify = "LvsOpsStateTests.Notify_RealServerAndQuorumScripts_QueuedInTheOrderOfTheChanges";
    private const string LvsWarmup = "CheckerRetryTests.FirstDelay_IsRandomUpToWarmupWhichDefaultsToDelayLoop";
    private const string HttpNginx = "HttpCheckerNetnsTests.HttpGet_NginxWrongStatusThenWrongDigest_DownEachTimeAndBackUp";
    private const string SslNginx = "HttpCheckerNetnsTests.SslGet_NginxSelfSignedWithSni_UpThenDownWhenTheNameIsWrong";
    private const string HttpRegex = "HttpCheckerNetnsTests.HttpGet_NginxRegexAndRegexNoMatch_FollowTheBody";
    private const string HttpVhost = "HttpCheckerNetnsTests.HttpGet_VirtualHostsAndConnectPort_EachLevelReachesItsNginxServer";
    private const string HttpRecovery = "HttpCheckerNetnsTests.HttpGet_TwoUrlsFastRecovery_AllUrlsInOneCheck";
    private const string HttpDefaults = "HttpCheckBindingTests.Bind_HttpDefaults_DelayBeforeRetryThreeSecondsUnlessALevelSetsIt";
    private const string MiscRun = "MiscCheckerTests.MiscCheck_ScriptExitAndTimeout_DownThenUp";
    private const string MiscDynamic = "MiscCheckerTests.MiscDynamic_ExitStatusSetsTheWeightOneIsDown";
    private const string SmtpRun = "SmtpUdpCheckerNetnsTests.SmtpCheck_GreetingAndHelo_UpThenDownOnBadBannerOrHeloAndBack";
    private const string SmtpHosts = "SmtpUdpCheckerNetnsTests.SmtpCheck_TwoHostBlocks_DownWhileEitherHostFailsUpWhenBothAnswer";
    private const string SmtpHostBinding = "SmtpHostBindingTests.Bind_HostBlocks_EachAHostCheckerWithTheSmtpChecksTimingsAndHelo";
    private const string UdpRun = "SmtpUdpCheckerNetnsTests.UdpCheck_RequireReplyPatternAndIcmpUnreachable_AsKeepalived";
    private const string DnsRun = "SmtpUdpCheckerNetnsTests.DnsCheck_RcodeDecides_UpThenDownOnServfailAndBack";
    private const string PingRun = "PingCheckNetnsTests.PingCheck_Ipv4AndIpv6_AddressRemovedOrLinkDownTakesTheServerOutAndBack";
    private const string FileRun = "FileCheckTests.FileCheck_WeightZeroAndReverse_ValueTakesTheServerOutAndBack";
    private const string FileWeight = "FileCheckTests.FileCheck_Weighted_ValueTimesWeightAddsToTheRealServersWeight";
    private const string SourceBindto = "CheckSourceNetnsTests.TcpCheck_Bindto_UpOnlyFromTheAddressTheServerAccepts";
    private const string SourceBindPort = "CheckSourceNetnsTests.TcpCheck_BindPort_ServerSeesThatSourcePort";
    private const string SourceBindIf = "CheckSourceNetnsTests.TcpCheck_BindIf_ConnectsOnlyThroughThatInterface_AMissingOneMakesNoVerdict";
    private const string SourceFwmark = "CheckSourceNetnsTests.TcpCheck_Fwmark_MarkedChecksFollowTheMarksRoutingRule";
    private const string SourceHttp = "CheckSourceNetnsTests.HttpGet_BindtoBindPortBindIfFwmark_NginxAllowingOnlyThatSourceAnswers";
    private const string SourceOthers = "CheckSourceNetnsTests.SmtpUdpDns_BindtoBindPortFwmark_ServerSeesThatSource";
    private const string LvsQuorum = "LvsStateTests.Quorum_WithHysteresis_SorryServerOnlyBelowQuorumMinusHysteresis";

    private static readonly KeywordStatus s_pingSource = NotApplied(
        "keepalived's PING_CHECK reads it but sends its echoes without it (check_ping.c), and so does Vigil's",
        "remove it from the PING_CHECK block");

    private static readonly Dictionary<string, Dictionary<string, KeywordStatus>> s_rows = new()
    {
        ["top level"] = new()
        {
            ["global_defs"] = Applied("InstanceRuleTests.Bind_GlobalVersion3_Inherited"),
            ["vrrp_script"] = Applied(WeightedScript),
            ["vrrp_instance"] = Applied(UnicastPair),
            ["vrrp_sync_group"] = Applied("SyncGroupReloadNetnsTests.Sighup_SyncGroupFormedChangedAndRetuned_MembersReCreatedWithPriorityZeroThenGroupNotifyRuns"),
            ["track_file"] = Applied(TrackFile),
            ["vrrp_track_file"] = Applied(TrackFile),
            ["vrrp_track_process"] = Applied(TrackProcess),
            ["static_ipaddress"] = Applied(Routing),
            ["static_routes"] = Applied(Routing),
            ["static_rules"] = Applied(Routing),
            ["track_group"] = Applied("StaticTrackGroupNetnsTests.TrackGroup_StaticEntriesInterfaceDown_GroupInstanceFaultsOthersStayThenRecoversWithTheRouteReAdded"),
            ["linkbeat_interfaces"] = Applied("LinkbeatNetnsTests.LinkbeatEthtool_PeerDown_PollPutsInstanceInFaultPeerUp_Returns"),
            ["interface_up_down_delays"] = Applied("VigilRunBehaviourNetnsTests.InterfaceUpDownDelays_LinkDownActsOnlyAfterTheDownDelay"),
            ["virtual_server"] = Applied("LvsStateTests.Install_RemovesSameKeyLeftover_ThenAddsServiceAndEveryRealServer"),
            ["virtual_server_group"] = Applied("LvsGroupBindingTests.Bind_Group_OneVirtualServerPerEntryRangeAndFwmark"),
            ["garp_group"] = Applied(GarpGroup),
            ["SSL"] = Applied(SslClient),
        },
        ["SSL"] = new()
        {
            ["certificate"] = Applied(SslClient),
            ["key"] = Applied(SslClient),
            ["password"] = Applied(SslClient),
            ["ca"] = Inert("keepalived loads it but sets no verify mode, so the real server's certificate is never checked against it; Vigil does not check it either"),
        },
        ["garp_group"] = new()
        {
            ["garp_interval"] = Applied(GarpGroup),
            ["gna_interval"] = Applied(GarpGroupPacing),
            ["interface"] = Applied(GarpGroupPacing),
            ["interfaces"] = Applied(GarpGroup),
        },
        ["global_defs"] = new()
        {
            ["router_id"] = Inert("keepalived uses it only in e-mail alerts and SNMP, which Vigil reports as not implemented on their own keywords"),
            ["vrrp_version"] = Applied("InstanceRuleTests.Bind_GlobalVersion3_Inherited"),
            ["vrrp_mcast_group4"] = Applied("VrrpSocketNetnsTests.Send_IPv4Multicast_ReceiverGetsPayloadSourceGroupTtl255AndIfIndex"),
            ["vrrp_mcast_group6"] = Applied("VrrpSocketNetnsTests.Send_IPv6Multicast_ReceiverGetsHopLimit255DestinationAndKernelChecksum"),
            ["lvs_sync_daemon"] = Applied("LvsSyncDaemonControllerTests.FollowingAnInstance_BackupFirstMasterWhileMasterBackupAgainOnFault_SyncIdDefaultsToTheVrid"),
            ["default_interface"] = Applied("StaticTrackGroupNetnsTests.DefaultInterface_StaticAddressWithoutDev_GoesOnTheDefaultInterface"),
            ["vrrp_garp_master_delay"] = Applied(GarpMaster),
            ["vrrp_garp_master_repeat"] = Applied(GarpMaster),
            ["vrrp_garp_lower_prio_delay"] = Applied(GarpLowerDelay),
            ["vrrp_garp_lower_prio_repeat"] = Applied(GarpLowerRepeat),
            ["vrrp_garp_master_refresh"] = Applied(GarpRefresh),
            ["vrrp_garp_extra_if"] = Applied("InstanceRuleTests.Bind_GlobalGarpExtraIf_InheritedUnlessTheInstanceSetsItsOwn"),
            ["vrrp_garp_master_refresh_repeat"] = Applied(GarpRefresh),
            ["vrrp_garp_interval"] = Applied("SpacedAnnouncementNetnsTests.Enqueue_GarpInterval100Ms_ThreeGarpsArriveNoSoonerThanTwoIntervals"),
            ["vrrp_gna_interval"] = Applied("SpacedAnnouncementNetnsTests.Enqueue_GarpInterval100Ms_ThreeGarpsArriveNoSoonerThanTwoIntervals"),
            ["vrrp_rt_priority"] = Applied("RealtimePriorityTests.Bind_VrrpRtPriority_SetsRealtimePriorityWithoutWarning"),
            ["vrrp_min_garp"] = Applied("MinGarpTests.MinGarp_OneGarpNoDelayedBurst_LowerPriorityCopiesIt"),
            ["vrrp_down_timer_adverts"] = Applied(DownTimer),
            ["vrrp_lower_prio_no_advert"] = Applied(LowerPrioNoAdvert),
            ["vrrp_higher_prio_send_advert"] = Applied(HigherPrioSendAdvert),
            ["vrrp_check_unicast_src"] = Applied("AdvertisementValidatorTests.Validate_UnicastFromUnknownSource_IsUnicastSourceNotPeer"),
            ["vrrp_skip_check_adv_addr"] = Applied(SkipCheckAdvAddr),
            ["vrrp_strict"] = Applied(Strict),
            ["vrrp_notify_priority_changes"] = Applied(NotifyPriority),
            ["vrrp_startup_delay"] = Applied("StartupDelayTests.Startup_DuringDelay_DownTimerRunsFromTheDelaysEnd"),
            ["log_unknown_vrids"] = Applied("InstanceKeywordNetnsTests.LogUnknownVrids_NeighbourAdvertisingAnotherVrid_OneLineNamingVridInterfaceAndSender"),
            ["script_user"] = Applied("ProcessRunnerTests.RunAsync_AsNobody_HasNoCapabilitiesItsOwnProcessGroupAndMinimalEnvironment"),
            ["enable_script_security"] = Applied("CheckCommandTests.CheckOnThisHost_WorldWritableScriptDirectory_FlaggedInsecure"),
            ["notify_fifo"] = Applied(NotifyScripts),
            ["notify_fifo_script"] = Applied(NotifyScripts),
            ["vrrp_notify_fifo"] = Applied(NotifyScripts),
            ["vrrp_notify_fifo_script"] = Applied(NotifyScripts),
            ["startup_script"] = Applied("VigilRunBehaviourNetnsTests.StartupAndShutdownScripts_RunBeforeTheInstancesStartAndAfterTheyReleasedTheVip"),
            ["startup_script_timeout"] = Applied("VigilRunBehaviourNetnsTests.StartupAndShutdownScripts_RunBeforeTheInstancesStartAndAfterTheyReleasedTheVip"),
            ["shutdown_script"] = Applied("VigilRunBehaviourNetnsTests.StartupAndShutdownScripts_RunBeforeTheInstancesStartAndAfterTheyReleasedTheVip"),
            ["shutdown_script_timeout"] = Applied("VigilRunBehaviourNetnsTests.StartupAndShutdownScripts_RunBeforeTheInstancesStartAndAfterTheyReleasedTheVip"),
            ["vmac_prefix"] = Applied("VmacNetnsTests.UseVmacIPv6WithVmacPrefix_VmacHasTheIPv6VirtualMacAndVipAdvertsLeaveFromIt"),
            ["vmac_addr_prefix"] = Applied("VmacNetnsTests.UseVmacAddrWithVmacAddrPrefix_AddressVmacNamedByItInstanceVmacByVmacPrefix"),
            ["state_dump_file"] = Applied("StatusNetnsTests.DumpSignals_Usr1Usr2And36_FreshPrivateFilesNamingTheInstancesWithoutThePassword"),
            ["stats_dump_file"] = Applied("StatusNetnsTests.DumpSignals_Usr1Usr2And36_FreshPrivateFilesNamingTheInstancesWithoutThePassword"),
            ["json_dump_file"] = Applied("StatusNetnsTests.DumpSignals_Usr1Usr2And36_FreshPrivateFilesNamingTheInstancesWithoutThePassword"),
            ["include_check"] = Applied("IncludeTests.IncludeCheck_WithMinus_RemovesACheck"),
            ["dynamic_interfaces"] = Applied("DynamicInterfacesNetnsTests.VigilRun_InterfaceMissingCreatedDeletedCreatedAgain_FaultMasterFaultMaster"),
        },
        ["vrrp_instance"] = new()
        {
            ["state"] = Applied("VirtualRouterTests.Step_OwnerWithStateMasterStartup_BecomesMasterAtOnce"),
            ["interface"] = Applied(UnicastPair),
            ["vrf"] = NotApplied("the VRRP sockets are not bound to the VRF device (keepalived 2.2.7 never applies it either: next to 'interface' it is cleared, 'vrf can only be specified without interface', and an instance without 'interface' is refused)",
                "remove 'vrf' and name the VRF's member interface with 'interface' (enslaved by 'ip link set IF master VRF'): VRRP, its VIPs and its VMAC then run in that VRF, as keepalived 2.2.7's"),
            ["virtual_router_id"] = Applied("GoldenVectorTests.Write_SameParametersAsKeepalived_ProducesIdenticalBytes"),
            ["priority"] = Applied("SimulatedLanTests.RunUntil_CleanPair_HigherPriorityIsTheOnlyMaster"),
            ["version"] = Applied(PassPair),
            ["advert_int"] = Applied("SimulatedLanTests.RunUntil_V3FastAdverts_BackupLearnsIntervalAndTakesOverQuickly"),
            ["authentication"] = Applied(PassPair),
            ["mcast_src_ip"] = Applied("VrrpSocketNetnsTests.Send_IPv4Multicast_ReceiverGetsPayloadSourceGroupTtl255AndIfIndex"),
            ["unicast_src_ip"] = Applied(UnicastPair),
            ["mcast_dst_ip"] = Applied("VrrpSocketNetnsTests.Send_IPv4Multicast_ReceiverGetsPayloadSourceGroupTtl255AndIfIndex"),
            ["track_src_ip"] = Applied("InstanceKeywordNetnsTests.TrackSrcIp_SourceAddressDeleted_FaultReleasesTheVipAndItsReturnRecovers"),
            ["unicast_peer"] = Applied(UnicastPair),
            ["check_unicast_src"] = Applied("AdvertisementValidatorTests.Validate_UnicastFromUnknownSource_IsUnicastSourceNotPeer"),
            ["unicast_fault_no_peer"] = Applied("LinkHandlingTests.ConfigFault_UnicastFaultNoPeer_StartsAndStaysInFault"),
            ["unicast_ttl"] = Applied("VigilRunBehaviourNetnsTests.UnicastTtl_UnicastAdvertsCarryTheConfiguredTtl_AndThePeerAcceptsThem"),
            ["virtual_ipaddress"] = Applied("ClientFailoverNetnsTests.ClientOfVip_MasterKilled_PingAndHttpReachNewMasterWhoseMacTheNeighbourTableShows"),
            ["virtual_ipaddress_excluded"] = Applied(Routing),
            ["virtual_routes"] = Applied(Routing),
            ["virtual_rules"] = Applied(Routing),
            ["promote_secondaries"] = Applied("InstanceKeywordNetnsTests.PromoteSecondaries_Instance_SetsTheInterfacesSysctlWhileRunningAndRestoresItAtStop"),
            ["track_interface"] = Applied("TrackingNetnsTests.VigilRun_TrackedInterfaceGoesDown_UnweightedFaultThenRecovery"),
            ["track_script"] = Applied(WeightedScript),
            ["track_file"] = Applied(TrackFile),
            ["track_process"] = Applied(TrackProcess),
            ["dont_track_primary"] = Applied("VigilRunBehaviourNetnsTests.DontTrackPrimary_MasterLinkDown_StaysMaster"),
            ["accept"] = Applied("ClientFailoverNetnsTests.ClientOfVip_MasterKilled_PingAndHttpReachNewMasterWhoseMacTheNeighbourTableShows"),
            ["no_accept"] = Applied("NoAcceptNetnsTests.NoAccept_Master_DropsTrafficToItsVipButNotToAnAcceptInstancesVip_TableRemovedAtStop"),
            ["nopreempt"] = Applied("VigilRunNetnsTests.VigilRun_NopreemptBackupWithHigherPriority_JoiningLaterDoesNotTakeTheVip"),
            ["preempt"] = Applied("SimulatedLanTests.RunUntil_RestartedHigherPriorityNode_PreemptsAgain"),
            ["preempt_delay"] = Applied("VirtualRouterTests.Step_BackupWithPreemptDelay_AcceptsLowerPriorityUntilTheDelayHasPassed"),
            ["strict_mode"] = Applied(Strict),
            ["skip_check_adv_addr"] = Applied(SkipCheckAdvAddr),
            ["use_vmac"] = Applied(Vmac),
            ["use_vmac_addr"] = Applied("VmacNetnsTests.UseVmacAddr_AddressesOnAnotherInterfaceAndOfTheOtherFamily_EachOnItsOwnVmacAllRemovedAtStop"),
            ["vmac_xmit_base"] = Applied("VmacNetnsTests.UseVmacNamedWithXmitBase_VipOnTheNamedVmacAdvertsFromTheBaseMac"),
            ["garp_master_delay"] = Applied(GarpMaster),
            ["garp_master_repeat"] = Applied(GarpMaster),
            ["garp_lower_prio_delay"] = Applied(GarpLowerDelay),
            ["garp_lower_prio_repeat"] = Applied(GarpLowerRepeat),
            ["garp_master_refresh"] = Applied(GarpRefresh),
            ["garp_extra_if"] = Applied(GarpExtraIf),
            ["vmac_garp_intvl"] = Applied(GarpExtraIf),
            ["garp_master_refresh_repeat"] = Applied(GarpRefresh),
            ["down_timer_adverts"] = Applied(DownTimer),
            ["lower_prio_no_advert"] = Applied(LowerPrioNoAdvert),
            ["higher_prio_send_advert"] = Applied(HigherPrioSendAdvert),
            ["notify_master"] = Applied(NotifyScripts),
            ["notify_backup"] = Applied(NotifyScripts),
            ["notify_fault"] = Applied("VrrpEventLoopNotifyTests.Handle_TrackerFaultOnMaster_NotifiesFaultWithTheEffectivePriority"),
            ["notify_stop"] = Applied("VrrpEventLoopNotifyTests.Stop_Master_NotifiesStopAfterRemovingTheAddresses"),
            ["notify"] = Applied(NotifyScripts),
            ["notify_master_rx_lower_pri"] = Applied("VrrpEventLoopNotifyTests.Handle_MasterHearsLowerPriority_NotifiesMasterRxLowerPri"),
            ["notify_deleted"] = Applied("InstanceKeywordNetnsTests.NotifyDeleted_ReloadRemovesTwoInstances_DeletedForTheOneWithTheKeywordFaultForTheOther"),
            ["notify_priority_changes"] = Applied(NotifyPriority),
            ["smtp_alert"] = Inert(Email),
        },
        ["vrrp_script"] = new()
        {
            ["script"] = Applied(WeightedScript),
            ["interval"] = Applied(WeightedScript),
            ["timeout"] = Applied("ProcessRunnerTests.RunAsync_HungScript_IsKilledAndCountsAsTimedOut"),
            ["weight"] = Applied(WeightedScript),
            ["rise"] = Applied("ScriptResultPolicyTests.Record_InitFail_NeedsRiseSuccessesToComeUp"),
            ["fall"] = Applied("ScriptResultPolicyTests.Record_Up_NeedsFallConsecutiveFailuresToGoDown"),
            ["user"] = Applied("ProcessRunnerTests.RunAsync_AsNobody_HasNoCapabilitiesItsOwnProcessGroupAndMinimalEnvironment"),
            ["init_fail"] = Applied("InstanceTrackingTests.InitialInputs_InitFailScriptWithNegativeWeight_StartsLowered"),
        },
        ["vrrp_sync_group"] = new()
        {
            ["group"] = Applied("SimulatedLanTests.RunUntil_SyncGroupMemberLosesMaster_WholeGroupMovesTogether"),
            ["track_interface"] = Applied("TrackingPlanTests.For_GroupWithOwnerMember_ClearsGroupTrackerWeights"),
            ["track_script"] = Applied("TrackingPlanTests.For_GroupWithOwnerMember_ClearsGroupTrackerWeights"),
            ["track_file"] = Applied("TrackingPlanTests.For_GroupWithOwnerMember_ClearsGroupTrackerWeights"),
            ["track_process"] = Applied("TrackingPlanTests.For_GroupWithOwnerMember_ClearsGroupTrackerWeights"),
            ["notify_master"] = Applied("SyncGroupReloadNetnsTests.Sighup_SyncGroupFormedChangedAndRetuned_MembersReCreatedWithPriorityZeroThenGroupNotifyRuns"),
            ["notify_backup"] = Applied("SyncGroupReloadNetnsTests.Sighup_SyncGroupFormedChangedAndRetuned_MembersReCreatedWithPriorityZeroThenGroupNotifyRuns"),
            ["notify_fault"] = Applied("VrrpEventLoopNotifyTests.Start_SyncGroupOfTwo_AnnouncesTheGroupOncePerState"),
            ["notify_stop"] = Applied("VrrpEventLoopNotifyTests.Start_SyncGroupOfTwo_AnnouncesTheGroupOncePerState"),
            ["notify"] = Applied("VrrpEventLoopNotifyTests.Start_SyncGroupOfTwo_AnnouncesTheGroupOncePerState"),
            ["notify_priority_changes"] = Applied("NotifyPriorityChangesTests.Bind_InstanceGroupAndGlobal_InstanceWinsThenGroupThenGlobal"),
            ["smtp_alert"] = Inert(Email),
            ["sync_group_tracking_weight"] = Applied("TrackingPlanTests.For_InSyncGroupWithTrackingWeight_KeepsWeights"),
        },
        ["track_file"] = new()
        {
            ["file"] = Applied(TrackFile),
            ["weight"] = Applied(TrackFile),
            ["init_file"] = Applied(TrackFile),
        },
        ["vrrp_track_process"] = new()
        {
            ["process"] = Applied(TrackProcess),
            ["param_match"] = Applied("ProcessMatcherTests.Matches_Parameters_FollowParamMatch"),
            ["weight"] = Applied(TrackProcess),
            ["quorum"] = Applied("ProcessMatcherTests.HasQuorum_IsBetweenQuorumAndQuorumMax"),
            ["quorum_max"] = Applied("ProcessMatcherTests.HasQuorum_IsBetweenQuorumAndQuorumMax"),
            ["fork_delay"] = Applied(TrackProcess),
            ["terminate_delay"] = Applied(TrackProcess),
            ["delay"] = Applied(TrackProcess),
            ["full_command"] = Applied("ProcessMatcherTests.Matches_FullCommand_ComparesArgv0"),
        },
        ["virtual_server"] = new()
        {
            ["lb_algo"] = Applied(LvsInstall),
            ["lvs_sched"] = Applied(LvsInstall),
            ["lb_kind"] = Applied(LvsInstall),
            ["lvs_method"] = Applied(LvsInstall),
            ["protocol"] = Applied(LvsInstall),
            ["persistence_timeout"] = Applied("LvsStateTests.Mapping_PersistenceAndGranularity_AsLibipvsSendsThem"),
            ["persistence_granularity"] = Applied("LvsStateTests.Mapping_PersistenceAndGranularity_AsLibipvsSendsThem"),
            ["quorum"] = Applied(LvsQuorum),
            ["hysteresis"] = Applied(LvsQuorum),
            ["alpha"] = Applied("LvsStateTests.Alpha_RealServersStartOutOfTheTable_AndTheSorryServerIn"),
            ["omega"] = Applied(LvsBound),
            ["inhibit_on_failure"] = Applied(LvsInhibit),
            ["sorry_server"] = Applied(LvsQuorum),
            ["real_server"] = Applied(LvsInstall),
            ["delay_loop"] = Applied(LvsTimings),
            ["connect_timeout"] = Applied(LvsTimings),
            ["retry"] = Applied(LvsTimings),
            ["delay_before_retry"] = Applied(LvsTimings),
            ["warmup"] = Applied(LvsWarmup),
            ["virtualhost"] = Applied(HttpVhost),
            ["persistence_engine"] = Applied("LvsPersistenceEngineStateTests.Mapping_PersistenceEngine_SentOnlyWithPersistenceTimeout"),
            ["ip_family"] = Applied("LvsFamilyBindingTests.Bind_IpFamilyInet6_FwmarkServiceIsIpv6"),
            ["sorry_server_inhibit"] = Applied("LvsOpsStateTests.SorryServerInhibit_InAtWeightZeroFromTheStart_RaisedWhileQuorumIsLost"),
            ["sorry_server_lvs_method"] = Applied("LvsOpsStateTests.SorryServerLvsMethod_IsTheSorryDestinationsMethod"),
            ["ops"] = Applied(LvsFlags),
            ["flag-1"] = Applied(LvsFlags),
            ["flag-2"] = Applied(LvsFlags),
            ["flag-3"] = Applied(LvsFlags),
            ["sh-port"] = Applied(LvsFlags),
            ["sh-fallback"] = Applied(LvsFlags),
            ["mh-port"] = Applied(LvsFlags),
            ["mh-fallback"] = Applied(LvsFlags),
            ["quorum_up"] = Applied(LvsNotify),
            ["quorum_down"] = Applied(LvsNotify),
        },
        ["real_server"] = new()
        {
            ["weight"] = Applied(LvsInstall),
            ["lvs_method"] = Applied(LvsBound),
            ["inhibit_on_failure"] = Applied(LvsInhibit),
            ["uthreshold"] = Applied(LvsBound),
            ["lthreshold"] = Applied(LvsBound),
            ["TCP_CHECK"] = Applied(LvsDownUp),
            ["delay_loop"] = Applied(LvsTimings),
            ["connect_timeout"] = Applied(LvsTimings),
            ["retry"] = Applied(LvsTimings),
            ["delay_before_retry"] = Applied(LvsTimings),
            ["warmup"] = Applied(LvsWarmup),
            ["HTTP_GET"] = Applied(HttpNginx),
            ["SSL_GET"] = Applied(SslNginx),
            ["virtualhost"] = Applied(HttpVhost),
            ["SMTP_CHECK"] = Applied(SmtpRun),
            ["DNS_CHECK"] = Applied(DnsRun),
            ["MISC_CHECK"] = Applied(MiscRun),
            ["BFD_CHECK"] = ByHandler(LvsRefused),
            ["UDP_CHECK"] = Applied(UdpRun),
            ["PING_CHECK"] = Applied(PingRun),
            ["FILE_CHECK"] = Applied(FileRun),
            ["notify_up"] = Applied(LvsNotify),
            ["notify_down"] = Applied(LvsNotify),
            ["alpha"] = ByHandler(LvsRefused),
        },
        ["TCP_CHECK"] = new()
        {
            ["connect_ip"] = Applied(LvsBound),
            ["connect_port"] = Applied(LvsBound),
            ["nb_get_retry"] = Applied(LvsTimings),
            ["delay_loop"] = Applied(LvsTimings),
            ["connect_timeout"] = Applied(LvsTimings),
            ["retry"] = Applied(LvsTimings),
            ["delay_before_retry"] = Applied(LvsTimings),
            ["warmup"] = Applied(LvsWarmup),
            ["bindto"] = Applied(SourceBindto),
            ["bind_if"] = Applied(SourceBindIf),
            ["bind_port"] = Applied(SourceBindPort),
            ["fwmark"] = Applied(SourceFwmark),
        },
        ["HTTP_GET"] = HttpRows(HttpNginx),
        ["SSL_GET"] = HttpRows(SslNginx),
        ["MISC_CHECK"] = new()
        {
            ["misc_path"] = Applied(MiscRun),
            ["misc_timeout"] = Applied(MiscRun),
            ["misc_dynamic"] = Applied(MiscDynamic),
            ["user"] = Applied("MiscCheckBindingTests.Bind_MiscCheck_PathUserTimeoutDynamicAndRetryZero"),
            ["delay_loop"] = Applied(MiscRun),
            ["retry"] = Applied(LvsTimings),
            ["delay_before_retry"] = Applied(LvsTimings),
            ["warmup"] = Applied(LvsWarmup),
        },
        ["SMTP_CHECK"] = Connecting(SmtpRun, new() { ["helo_name"] = Applied(SmtpRun), ["host"] = Applied(SmtpHosts) }, SourceOthers),
        ["host"] = SmtpHostRows(),
        ["UDP_CHECK"] = Connecting(UdpRun, new()
        {
            ["bind_if"] = NotApplied("keepalived's UDP_CHECK does not bind its socket to the interface (udp_bind_connect sets only fwmark and bindto), and neither does Vigil's",
                "remove bind_if, or route the check with fwmark and an 'ip rule'"),
            ["payload"] = Applied(UdpRun),
            ["require_reply"] = Applied(UdpRun),
            ["min_reply_length"] = Applied(UdpRun),
            ["max_reply_length"] = Applied(UdpRun),
        }, SourceOthers),
        ["DNS_CHECK"] = Connecting(DnsRun, new() { ["type"] = Applied(DnsRun), ["name"] = Applied(DnsRun) }, SourceOthers),
        ["PING_CHECK"] = Connecting(PingRun, new()
        {
            ["bindto"] = s_pingSource,
            ["bind_if"] = s_pingSource,
            ["bind_port"] = s_pingSource,
            ["fwmark"] = s_pingSource,
        }, SourceOthers),
        ["FILE_CHECK"] = new() { ["track_file"] = Applied(FileRun), ["weight"] = Applied(FileWeight) },
        ["url"] = new()
        {
            ["path"] = Applied(HttpNginx),
            ["digest"] = Applied(HttpNginx),
            ["status_code"] = Applied(HttpNginx),
            ["virtualhost"] = Applied(HttpVhost),
            ["regex"] = Applied(HttpRegex),
            ["regex_no_match"] = Applied(HttpRegex),
            ["regex_options"] = Applied("BodyRegexMatcherTests.Matches_OptionsAsKeepalivedNamesMapThem"),
            ["regex_stack"] = Inert("it sizes PCRE2's JIT stack; .NET's regex engine needs none, and a 1 s match timeout ends a runaway pattern as the stack limit does"),
            ["regex_min_offset"] = Applied("BodyRegexMatcherTests.Matches_MinAndMaxOffsetBoundTheMatchStart"),
            ["regex_max_offset"] = Applied("BodyRegexMatcherTests.Matches_MinAndMaxOffsetBoundTheMatchStart"),
        },
        ["authentication"] = new()
        {
            // PASS is applied; AH is refused by the keyword's handler (Vigil cannot send AH: split brain against an AH peer).
            ["auth_type"] = Applied(PassPair),
            ["auth_pass"] = Applied(PassPair),
        },
    };

    private static readonly FrozenDictionary<string, FrozenDictionary<string, KeywordStatus>> s_table =
        s_rows.ToFrozenDictionary(b => b.Key, b => b.Value.ToFrozenDictionary(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>Every row, for the catalog test.</summary>
    public static IEnumerable<(string Block, string Keyword, KeywordStatus Status)> Rows =>
        s_table.SelectMany(b => b.Value.Select(k => (b.Key, k.Key, k.Value)));

    public static KeywordStatus? Of(string block, string keyword) =>
        s_table.TryGetValue(block, out FrozenDictionary<string, KeywordStatus>? keywords) && keywords.TryGetValue(keyword, out KeywordStatus? status) ? status : null;

    /// <summary>Warns when <paramref name="statement"/> is a keyword <c>vigil run</c> reads but does not apply.</summary>
    public static void Report(string block, ConfigNode statement, BindContext context)
    {
        if (Of(block, statement.Name) is { Support: KeywordSupport.Diagnosed } status)
        {
            context.Warning(statement.Location, NotAppliedCode,
                $"'{statement.Name}' is read but not applied by vigil run: {status.Detail}", status.Hint);
        }
    }

    /// <summary>The rows of HTTP_GET and SSL_GET (the same keywords; <paramref name="get"/> proves the check itself).</summary>
    private static Dictionary<string, KeywordStatus> HttpRows(string get) => Connecting(get, new()
    {
        ["url"] = Applied(get),
        ["virtualhost"] = Applied(HttpVhost),
        ["http_protocol"] = Applied("HttpRequestTests.Request_Protocols_AsKeepalivedSendsThem"),
        ["enable_sni"] = Applied(SslNginx),
        ["fast_recovery"] = Applied(HttpRecovery),
        ["delay_before_retry"] = Applied(HttpDefaults),
    }, SourceHttp);

    /// <summary>
    /// An SMTP_CHECK host block: the connection keywords (no nb_get_retry) make a checker of their own, the netns run proving
    /// connect_ip/connect_port and the binding test where every other one lands (the same SmtpCheck fields the SMTP_CHECK's own set).
    /// </summary>
    private static Dictionary<string, KeywordStatus> SmtpHostRows() => new()
    {
        ["connect_ip"] = Applied(SmtpHosts),
        ["connect_port"] = Applied(SmtpHosts),
        ["connect_timeout"] = Applied(SmtpHostBinding),
        ["bindto"] = Applied(SmtpHostBinding),
        ["bind_port"] = Applied(SmtpHostBinding),
        ["bind_if"] = Applied(SmtpHostBinding),
        ["fwmark"] = Applied(SmtpHostBinding),
        ["retry"] = Applied(SmtpHostBinding),
        ["delay_before_retry"] = Applied(SmtpHostBinding),
        ["delay_loop"] = Applied(SmtpHostBinding),
        ["warmup"] = Applied(SmtpHostBinding),
    };

    /// <summary>
    /// The rows of a connecting checker: its own <paramref name="rows"/>, then the connection and timing keywords every
    /// such checker shares (check_api.c install_checker_common_keywords), <paramref name="run"/> proving connect_port,
    /// delay_loop and connect_timeout, <paramref name="source"/> the source keywords (bindto, bind_port, bind_if, fwmark).
    /// </summary>
    private static Dictionary<string, KeywordStatus> Connecting(string run, Dictionary<string, KeywordStatus> rows, string source)
    {
        (string Keyword, KeywordStatus Status)[] shared =
        [
            ("connect_ip", Applied(HttpVhost)), ("connect_port", Applied(run)), ("nb_get_retry", Applied(LvsTimings)),
            ("delay_loop", Applied(run)), ("connect_timeout", Applied(run)), ("retry", Applied(LvsTimings)),
            ("delay_before_retry", Applied(LvsTimings)), ("warmup", Applied(LvsWarmup)), ("bindto", Applied(source)),
            ("bind_if", Applied(source)), ("bind_port", Applied(source)), ("fwmark", Applied(source)),
        ];
        foreach ((string keyword, KeywordStatus status) in shared)
        {
            rows.TryAdd(keyword, status);
        }

        return rows;
    }

    private static KeywordStatus Applied(string test) => new(KeywordSupport.Applied, test);

    private static KeywordStatus NotApplied(string reason, string hint) => new(KeywordSupport.Diagnosed, reason, hint);

    private static KeywordStatus ByHandler(string code) => new(KeywordSupport.DiagnosedByHandler, code);

    private static KeywordStatus Inert(string reason) => new(KeywordSupport.Inert, reason);
}
