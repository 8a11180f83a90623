namespace Sirim.Verification.Authz;

/// <summary>The stable ids of the authorization gate's checks (reports, settings and the defect catalogue use them).</summary>
public static class AuthzChecks
{
    public const string Gate = "authz";
    public const string ForeignRead = "authz_foreign_read_refused";
    public const string ForeignList = "authz_foreign_list_refused";
    public const string ForeignWrite = "authz_foreign_write_refused";
    public const string ReadOnlyWrite = "authz_readonly_write_refused";
    public const string ResourceUnchanged = "authz_resource_unchanged";
    public const string Setup = "authz_setup";
    public const string MassAssignment = "authz_mass_assignment_ignored";
    public const string NoSecretFields = "no_secret_fields_exposed";
    public const string ListFilter = "list_filter_respected";
    public const string ListPages = "list_pages_add_up";
    /// <summary>The Core cleanup's check: everything the run's writes created is gone, and the inventory agrees.</summary>
    public const string CleanedUp = Core.Cleanup.CleanupAccount.CheckId;

    public static IReadOnlyList<string> All { get; } = [ForeignRead, ForeignList, ForeignWrite, ReadOnlyWrite, ResourceUnchanged,
        MassAssignment, NoSecretFields, ListFilter, ListPages, CleanedUp];
}
