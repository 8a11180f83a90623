namespace Sirim.Verification.Core.Checks;

/// <summary>A check id's default kind and severity: what a failure of it means when the check does not say more.</summary>
public sealed record FindingDefault(string CheckId, FindingKind Kind, Severity Severity);

/// <summary>
/// The one table of every check id with its default kind and severity. A check that can see several kinds (a refusal
/// check seeing a 2xx, a 403 or a 5xx) sets the kind it saw on its outcome (<see cref="CheckOutcome.Seen"/>); otherwise
/// a failure takes the row's kind and severity. A self-test fails when a check id used anywhere has no row here.
/// </summary>
public static class FindingCatalog
{
    private static FindingDefault R(string id, FindingKind kind, Severity severity) => new(id, kind, severity);

    public static IReadOnlyList<FindingDefault> Rows { get; } =
    [
        // smoke
        R("health_status_200", FindingKind.BrokenFlow, Severity.High),
        R("health_json", FindingKind.BrokenFlow, Severity.High),
        R("health_status_word", FindingKind.BrokenFlow, Severity.High),
        R("readiness_depends_on_database", FindingKind.BrokenFlow, Severity.Critical),
        R("error_not_5xx", FindingKind.ServerError, Severity.High),
        R("login_succeeds", FindingKind.BrokenFlow, Severity.Critical),
        // contracts
        R("status_code_declared", FindingKind.ContractGap, Severity.High),
        R("content_type_declared", FindingKind.ContractViolation, Severity.Medium),
        R("response_schema_conformance", FindingKind.ContractViolation, Severity.High),
        R("response_headers_present", FindingKind.ContractViolation, Severity.Medium),
        R("not_a_server_error", FindingKind.ServerError, Severity.Critical),
        R("positive_accepted", FindingKind.BrokenFlow, Severity.High),
        R("negative_rejected", FindingKind.Accepted, Severity.High),
        R("auth_required", FindingKind.Accepted, Severity.Critical),
        R("unsupported_media_type", FindingKind.WrongRefusal, Severity.Medium),
        R("payload_too_large", FindingKind.WrongRefusal, Severity.Medium),
        R("unknown_route_404", FindingKind.WrongRefusal, Severity.Medium),
        R("created_resource_fetchable", FindingKind.BrokenFlow, Severity.High),
        R("deleted_resource_gone", FindingKind.BrokenFlow, Severity.High),
        R("method_not_allowed", FindingKind.WrongRefusal, Severity.Medium),
        R("error_is_json", FindingKind.WrongRefusal, Severity.High),
        R("error_shape_conforms", FindingKind.WrongRefusal, Severity.High),
        R("contract_drift", FindingKind.ReleaseMismatch, Severity.High),
        R("contract_readable", FindingKind.Prerequisite, Severity.High),
        R("coverage_complete", FindingKind.ContractGap, Severity.High),
        R("test_data_cleaned_up", FindingKind.DataLeftBehind, Severity.Medium),
        R("injection_no_server_error", FindingKind.ServerError, Severity.High),
        R("injection_not_interpreted", FindingKind.Accepted, Severity.Critical),
        // any gate: the target went down during the gate; the whole run's time bound was spent
        R("target_stayed_up", FindingKind.BrokenFlow, Severity.Critical),
        R("run_time_bound", FindingKind.BrokenFlow, Severity.Critical),
        // security
        R("csp_present", FindingKind.MissingHardening, Severity.High),
        R("csp_script_src_safe", FindingKind.MissingHardening, Severity.High),
        R("csp_object_src_none", FindingKind.MissingHardening, Severity.Medium),
        R("csp_base_uri", FindingKind.MissingHardening, Severity.Medium),
        R("csp_frame_ancestors", FindingKind.MissingHardening, Severity.Medium),
        R("csp_origins_real", FindingKind.MissingHardening, Severity.Medium),
        R("csp_connect_src_api", FindingKind.BrokenFlow, Severity.High),
        R("hsts_policy", FindingKind.MissingHardening, Severity.High),
        R("https_redirect", FindingKind.MissingHardening, Severity.High),
        R("nosniff", FindingKind.MissingHardening, Severity.Medium),
        R("frame_options", FindingKind.MissingHardening, Severity.Medium),
        R("referrer_policy_safe", FindingKind.MissingHardening, Severity.Low),
        R("permissions_policy", FindingKind.MissingHardening, Severity.Low),
        R("no_x_powered_by", FindingKind.MissingHardening, Severity.Low),
        R("server_no_version", FindingKind.MissingHardening, Severity.Low),
        R("cookie_flags", FindingKind.MissingHardening, Severity.Medium),
        R("error_no_leak", FindingKind.MissingHardening, Severity.High),
        R("cors_foreign_origin_refused", FindingKind.Accepted, Severity.Critical),
        R("cors_null_origin_refused", FindingKind.Accepted, Severity.Critical),
        R("cors_origin_not_reflected", FindingKind.Accepted, Severity.Critical),
        R("cors_no_wildcard_with_credentials", FindingKind.Accepted, Severity.High),
        R("cors_preflight_allowed", FindingKind.BrokenFlow, Severity.Critical),
        R("rate_limit_enforced", FindingKind.Accepted, Severity.High),
        R("rate_limit_response", FindingKind.WrongRefusal, Severity.Medium),
        R("rate_limit_recovers", FindingKind.BrokenFlow, Severity.High),
        R("body_limit_enforced", FindingKind.Accepted, Severity.High),
        R("body_limit_accepts_under", FindingKind.BrokenFlow, Severity.Medium),
        R("token_missing_rejected", FindingKind.Accepted, Severity.Critical),
        R("token_malformed_rejected", FindingKind.Accepted, Severity.Critical),
        R("token_alg_none_rejected", FindingKind.Accepted, Severity.Critical),
        R("token_tampered_rejected", FindingKind.Accepted, Severity.Critical),
        R("token_expired_rejected", FindingKind.Accepted, Severity.Critical),
        R("token_wrong_audience_rejected", FindingKind.Accepted, Severity.Critical),
        R("token_wrong_issuer_rejected", FindingKind.Accepted, Severity.Critical),
        R("token_weak_secret_rejected", FindingKind.Accepted, Severity.Critical),
        // authz
        R("authz_setup", FindingKind.BrokenFlow, Severity.High),
        R("authz_foreign_read_refused", FindingKind.AccessControl, Severity.Critical),
        R("authz_foreign_list_refused", FindingKind.AccessControl, Severity.Critical),
        R("authz_foreign_write_refused", FindingKind.AccessControl, Severity.Critical),
        R("authz_readonly_write_refused", FindingKind.AccessControl, Severity.Critical),
        R("authz_resource_unchanged", FindingKind.AccessControl, Severity.Critical),
        R("authz_mass_assignment_ignored", FindingKind.Accepted, Severity.High),
        R("no_secret_fields_exposed", FindingKind.DataExposure, Severity.Critical),
        R("list_filter_respected", FindingKind.AccessControl, Severity.Critical),
        R("list_pages_add_up", FindingKind.BrokenFlow, Severity.Medium),
        // e2e and integrity
        R("browser_launches", FindingKind.Prerequisite, Severity.Critical),
        R("login_valid", FindingKind.BrokenFlow, Severity.High),
        R("login_invalid", FindingKind.BrokenFlow, Severity.High),
        R("login_lands_on_dashboard", FindingKind.BrokenFlow, Severity.Critical),
        R("login_rejects_bad_credentials", FindingKind.Accepted, Severity.Critical),
        R("empresas_list", FindingKind.BrokenFlow, Severity.High),
        R("empresas_match_api", FindingKind.BrokenFlow, Severity.High),
        R("gasto_round_trip", FindingKind.BrokenFlow, Severity.High),
        R("gasto_ui_to_api", FindingKind.BrokenFlow, Severity.High),
        R("gasto_api_to_ui", FindingKind.BrokenFlow, Severity.High),
        R("gasto_edit_reaches_api", FindingKind.BrokenFlow, Severity.High),
        R("gasto_delete_reaches_api", FindingKind.BrokenFlow, Severity.High),
        R("session_end", FindingKind.BrokenFlow, Severity.High),
        R("logout_clears_session", FindingKind.BrokenFlow, Severity.High),
        R("invalid_token_returns_to_login", FindingKind.BrokenFlow, Severity.High),
        R("flow_step_completes", FindingKind.BrokenFlow, Severity.High),
        R("frontend_version", FindingKind.ReleaseMismatch, Severity.High),
        R("frontend_version_matches", FindingKind.ReleaseMismatch, Severity.High),
        R("api_calls_answer_expected_status", FindingKind.BrokenFlow, Severity.Critical),
        R("api_calls_to_configured_origin", FindingKind.BrokenFlow, Severity.Critical),
        R("no_console_errors", FindingKind.BrokenFlow, Severity.High),
        R("no_page_errors", FindingKind.BrokenFlow, Severity.High),
        R("no_failed_requests", FindingKind.BrokenFlow, Severity.High),
        R("no_csp_violations", FindingKind.BrokenFlow, Severity.Critical),
        R("stored_xss", FindingKind.BrokenFlow, Severity.High),
        R("stored_xss_not_executed", FindingKind.Accepted, Severity.Critical),
        R("stored_xss_not_rendered_as_markup", FindingKind.Accepted, Severity.High),
        R("frontend_file_present", FindingKind.ReleaseMismatch, Severity.High),
        R("frontend_file_unchanged", FindingKind.ReleaseMismatch, Severity.High),
        R("frontend_no_extra_file", FindingKind.ReleaseMismatch, Severity.High),
        // load and pool
        R("load_plan_valid", FindingKind.Prerequisite, Severity.High),
        R("load_started", FindingKind.BrokenFlow, Severity.High),
        R("load_completed", FindingKind.BudgetExceeded, Severity.High),
        R("p95_budget", FindingKind.BudgetExceeded, Severity.High),
        R("p99_budget", FindingKind.BudgetExceeded, Severity.High),
        R("error_rate_budget", FindingKind.BudgetExceeded, Severity.Critical),
        R("profile_thresholds", FindingKind.BudgetExceeded, Severity.Medium),
        R("pool_sampler_configured", FindingKind.Prerequisite, Severity.High),
        R("pool_reaches_expected_size", FindingKind.BudgetExceeded, Severity.Critical),
        R("pool_not_exhausted", FindingKind.BudgetExceeded, Severity.Critical),
        // canary
        R("canary_5xx_increase", FindingKind.BudgetExceeded, Severity.Critical),
        R("canary_error_rate_increase", FindingKind.BudgetExceeded, Severity.Critical),
        R("canary_p95_increase", FindingKind.BudgetExceeded, Severity.High),
        // pre-gates
        R("secret_present", FindingKind.Prerequisite, Severity.Critical),
        R("environment_parity", FindingKind.Prerequisite, Severity.High),
        // observability
        R("metrics_exposed", FindingKind.ObservabilityGap, Severity.Medium),
        R("metrics_latency_histogram", FindingKind.ObservabilityGap, Severity.Medium),
        R("metrics_requests_by_status", FindingKind.ObservabilityGap, Severity.Medium),
        R("metrics_pool_size", FindingKind.ObservabilityGap, Severity.Low),
        R("metrics_counters_move", FindingKind.ObservabilityGap, Severity.Medium),
        R("alert_rules_valid", FindingKind.ObservabilityGap, Severity.High),
        R("alert_rule_p95_latency", FindingKind.ObservabilityGap, Severity.High),
        R("alert_rule_5xx_rate", FindingKind.ObservabilityGap, Severity.High),
        R("request_id_present", FindingKind.ObservabilityGap, Severity.Medium),
        R("request_id_echoed", FindingKind.ObservabilityGap, Severity.Low),
        R("restart_health_stable", FindingKind.BrokenFlow, Severity.High),
        // supply chain
        R("sbom_present_and_parsable", FindingKind.SupplyChain, Severity.High),
        R("vuln_report_parsable", FindingKind.SupplyChain, Severity.High),
        R("vuln_no_high_critical", FindingKind.SupplyChain, Severity.Critical),
        R("accepted_vuln_not_expired", FindingKind.SupplyChain, Severity.High),
        R("reports_match_artifact", FindingKind.SupplyChain, Severity.High),
        R("reports_not_older_than_release", FindingKind.SupplyChain, Severity.Medium),
        R("build_reproducible", FindingKind.ReleaseMismatch, Severity.Medium),
    ];

    private static readonly IReadOnlyDictionary<string, FindingDefault> ById = Rows.ToDictionary(r => r.CheckId, StringComparer.Ordinal);

    /// <summary>The row of a check id; null when the id has none (the catalogue test names such ids).</summary>
    public static FindingDefault? Find(string checkId) =>
        ById.GetValueOrDefault(checkId)
        // The canary's latency rules name their percentile (canary_rules: p50, p95, p99, …): one row for all of them.
        ?? (System.Text.RegularExpressions.Regex.IsMatch(checkId, "^canary_p[0-9]{1,2}_increase$") ? ById["canary_p95_increase"] with { CheckId = checkId } : null);
}
