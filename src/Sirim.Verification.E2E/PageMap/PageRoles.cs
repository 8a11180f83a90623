namespace Sirim.Verification.E2E.PageMap;

/// <summary>
/// The roles the flows address in the page, by name (<c>section.name</c> as in the page map's <c>selectors</c>). The
/// selector behind each role comes from the page map, so a frontend with other test ids needs a new map, not new code.
/// Roles marked "within" are searched inside the element of their section (a list row, an empresa item).
/// </summary>
public static class PageRoles
{
    public const string AppError = "app.error";
    public const string AppVersion = "app.version";

    public const string LoginView = "login.view";
    public const string LoginEmail = "login.email";
    public const string LoginPassword = "login.password";
    public const string LoginSubmit = "login.submit";
    public const string LoginError = "login.error";

    public const string DashboardView = "dashboard.view";
    public const string DashboardUserName = "dashboard.userName";
    public const string DashboardLogout = "dashboard.logout";
    public const string DashboardPageInfo = "dashboard.pageInfo";
    public const string DashboardStatusMessage = "dashboard.statusMessage";

    public const string EmpresaItem = "empresas.item";
    /// <summary>Within an <see cref="EmpresaItem"/>: the element holding the empresa's name.</summary>
    public const string EmpresaItemName = "empresas.itemName";
    public const string EmpresaSelected = "empresas.selectedItem";

    public const string GastoRow = "gastos.row";
    public const string GastoNextPage = "gastos.nextPage";
    /// <summary>Within a <see cref="GastoRow"/>: the cells and the row's actions.</summary>
    public const string GastoFechaCell = "gastos.fechaCell";
    public const string GastoConceptoCell = "gastos.conceptoCell";
    public const string GastoMontoCell = "gastos.montoCell";
    public const string GastoCategoriaCell = "gastos.categoriaCell";
    public const string GastoEdit = "gastos.edit";
    public const string GastoDelete = "gastos.delete";

    public const string FormFecha = "gastoForm.fecha";
    public const string FormConcepto = "gastoForm.concepto";
    public const string FormMonto = "gastoForm.monto";
    public const string FormCategoria = "gastoForm.categoria";
    public const string FormSave = "gastoForm.save";
    public const string FormCancel = "gastoForm.cancel";
    public const string FormError = "gastoForm.error";

    /// <summary>Every role a page map must name, in the order the loader reports missing ones.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        AppError, AppVersion,
        LoginView, LoginEmail, LoginPassword, LoginSubmit, LoginError,
        DashboardView, DashboardUserName, DashboardLogout, DashboardPageInfo, DashboardStatusMessage,
        EmpresaItem, EmpresaItemName, EmpresaSelected,
        GastoRow, GastoNextPage, GastoFechaCell, GastoConceptoCell, GastoMontoCell, GastoCategoriaCell, GastoEdit, GastoDelete,
        FormFecha, FormConcepto, FormMonto, FormCategoria, FormSave, FormCancel, FormError,
    ];

    /// <summary>The attributes the flows read from list elements (the record's id), by name.</summary>
    public const string EmpresaIdAttribute = "empresaId";
    public const string GastoIdAttribute = "gastoId";

    public static IReadOnlyList<string> Attributes { get; } = [EmpresaIdAttribute, GastoIdAttribute];
}
