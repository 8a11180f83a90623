namespace Sirim.ReferenceTarget.Defects;

/// <summary>
/// Ids of the seeded defects this target implements, one constant per entry of <c>defects.json</c>.
/// Adding a defect: one entry in <c>defects.json</c>, one constant here, and one
/// <c>if (defects.Is(DefectIds.X))</c> branch where the behaviour changes (search for "SEEDED DEFECT").
/// </summary>
public static class DefectIds
{
    // gate: smoke
    public const string ReadyzIgnoresDatabase = "readyz_ignores_database";
    public const string HealthzHtml = "healthz_html";
    public const string Gastos500OnBadQuery = "gastos_500_on_bad_query";
    public const string HealthzDegraded503 = "healthz_degraded_503";
    public const string ReadyzStuckStarting = "readyz_stuck_starting";

    // gate: contracts
    public const string ApiExitsAfterFirstGasto = "api_exits_after_first_gasto";
    public const string EmpresaMissingRequiredField = "contracts_empresa_missing_field";
    public const string VersionUndeclaredStatus = "contracts_version_undeclared_status";
    public const string ErrorHtml = "contracts_error_html";
    public const string ErrorOtherShape = "contracts_error_other_shape";
    public const string UsersIgnoreMissingToken = "contracts_users_ignore_missing_token";
    public const string WrongMethod404 = "contracts_wrong_method_404";
    public const string ServedContractDrift = "contracts_served_contract_drift";
    public const string VersionTextPlain = "contracts_version_text_plain";
    public const string VersionNoRequestId = "contracts_version_no_request_id";
    public const string EmpresaAlways404 = "contracts_empresa_always_404";
    public const string GastosPageUnbounded = "contracts_gastos_page_unbounded";
    public const string GastoCreateWrapsId = "gasto_create_wraps_id";
    public const string GastoAcceptsWrongTypeAndStores = "gasto_accepts_wrong_type_and_stores";
    public const string GastosSearchSqlConcatenated = "gastos_search_sql_concatenated";
    public const string GastosSearchQuote500 = "gastos_search_quote_500";
    // gate: security
    public const string HeaderMissingCsp = "header_missing_csp";
    public const string HeaderMissingNosniff = "header_missing_nosniff";
    public const string HeaderMissingFrameOptions = "header_missing_frame_options";
    public const string HeaderMissingReferrerPolicy = "header_missing_referrer_policy";
    public const string HeaderMissingPermissionsPolicy = "header_missing_permissions_policy";
    public const string HeaderMissingHsts = "header_missing_hsts";
    public const string HstsShortMaxAge = "hsts_short_max_age";
    public const string CspUnsafeInline = "csp_unsafe_inline";
    public const string CspWildcard = "csp_wildcard";
    public const string XPoweredBy = "x_powered_by";
    public const string CorsReflectAnyOrigin = "cors_reflect_any_origin";
    public const string CorsAllowNull = "cors_allow_null";
    public const string CorsSuffixMatch = "cors_suffix_match";
    public const string RateLimitMissing = "rate_limit_missing";
    public const string RateLimitNoRetryAfter = "rate_limit_no_retry_after";
    public const string RateLimitRetryAfterTooShort = "rate_limit_retry_after_too_short";
    public const string BodyLimitMissing = "body_limit_missing";
    public const string BodyLimit413Html = "body_limit_413_html";
    public const string JwtAlgNoneAccepted = "jwt_alg_none_accepted";
    public const string JwtExpiredForbidden = "jwt_expired_forbidden";
    public const string StackTraceIn500 = "stack_trace_in_500";
    public const string CspNoBaseUri = "csp_no_base_uri";
    public const string CspNoObjectSrc = "csp_no_object_src";
    public const string CspConnectSrcMissingApi = "csp_connect_src_missing_api";
    public const string ServerVersion = "server_version";
    public const string CookieWithoutFlags = "cookie_without_flags";
    public const string CorsPreflightMissingDelete = "cors_preflight_missing_delete";
    public const string CorsWildcardWithCredentials = "cors_wildcard_with_credentials";
    public const string HttpNoRedirect = "http_no_redirect";
    public const string BodyLimitTooSmall = "body_limit_too_small";
    public const string JwtLifetimeNotChecked = "jwt_lifetime_not_checked";
    public const string JwtAudienceNotChecked = "jwt_audience_not_checked";
    public const string JwtIssuerNotChecked = "jwt_issuer_not_checked";
    public const string JwtSignatureNotChecked = "jwt_signature_not_checked";
    // gate: e2e (frontend behaviour; see Http/FrontendDefects.cs) and integrity
    public const string FrontendWrongApiOrigin = "frontend_wrong_api_origin";
    public const string GastoUpdate500 = "gasto_update_500";
    public const string CspBlocksOwnScript = "csp_blocks_own_script";
    public const string DashboardJsError = "dashboard_js_error";
    public const string FrontendAssetModified = "frontend_asset_modified";
    public const string DashboardConsoleError = "dashboard_console_error";
    public const string EmpresasListDropsLast = "empresas_list_drops_last";
    public const string FrontendAssetMissing = "frontend_asset_missing";
    public const string LoginHeaderWrongName = "login_header_wrong_name";
    public const string LoginFailureStoresToken = "login_failure_stores_token";
    public const string LogoutKeepsToken = "logout_keeps_token";
    public const string RefusedTokenKept = "refused_token_kept";
    public const string GastoCreateDropsCents = "gasto_create_drops_cents";
    public const string GastoFechaShownDayBefore = "gasto_fecha_shown_day_before";
    public const string GastoDeleteNotSent = "gasto_delete_not_sent";
    public const string StylesheetConnectionDropped = "stylesheet_connection_dropped";
    public const string FrontendExtraFile = "frontend_extra_file";
    public const string GastoConceptoRenderedAsHtml = "gasto_concepto_rendered_as_html";
    public const string GastoConceptoHtmlInlineScriptAllowed = "gasto_concepto_html_inline_script_allowed";
    // gate: canary
    public const string CanarySlow = "canary_slow";
    public const string CanaryErrors = "canary_errors";
    // gate: authz
    public const string GastosListIgnoresEmpresaMapping = "gastos_list_ignores_empresa_mapping";
    public const string GastoDeleteSkipsOwnerCheck = "gasto_delete_skips_owner_check";
    public const string LectorCanWriteGastos = "lector_can_write_gastos";
    public const string GastoGetSkipsEmpresaCheck = "gasto_get_skips_empresa_check";
    public const string GastoCreateBindsCreatedAt = "gasto_create_binds_created_at";
    public const string UsersListExposesPasswordHash = "users_list_exposes_password_hash";
    public const string GastosTotalCountsAllEmpresas = "gastos_total_counts_all_empresas";
    public const string GastosListFilterOrCreator = "gastos_list_filter_or_creator";
    public const string GastosPageOffsetOffByOne = "gastos_page_offset_off_by_one";
    // gate: load / pool
    public const string PoolSize10 = "pool_size_10";
    public const string SlowGastos = "slow_gastos";
    public const string Gastos5PctErrors = "gastos_5pct_errors";
    public const string StallEveryFewSeconds = "stall_every_few_seconds";
    public const string GastoDeleteNotCommitted = "gasto_delete_not_committed";
    public const string GastosListHoldsConnection = "gastos_list_holds_connection";
    public const string GastosListSerialized = "gastos_list_serialized";

    // gate: observability
    public const string MetricsLatencyHistogramMissing = "metrics_latency_histogram_missing";
    public const string MetricsCountersFrozen = "metrics_counters_frozen";
    public const string RequestIdNotEchoed = "request_id_not_echoed";
    public const string ReadyzFlapsAfterStart = "readyz_flaps_after_start";

    /// <summary>Every id declared above (read by reflection so the list cannot drift from the constants).</summary>
    public static IReadOnlyList<string> All { get; } = typeof(DefectIds)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();
}
