using System.Globalization;
using System.Text.Json;

namespace Sirim.ReferenceTarget.Api;

/// <summary>A gasto as a client submits it (POST and PUT share it).</summary>
public sealed record GastoInput(int EmpresaId, DateOnly Fecha, string Concepto, decimal Monto, string Categoria, string? Referencia);

/// <summary>
/// Validation of a submitted gasto, split the way the contract splits it: a value of the wrong JSON type is a
/// malformed request (400); a value of the right type that breaks a business rule is 422 with messages per field.
/// </summary>
public static class GastoRules
{
    public static IReadOnlyList<string> Categorias { get; } = ["combustible", "viaticos", "suministros", "servicios", "otros"];
    public const int ConceptoMaxLength = 200;
    public const int ReferenciaMaxLength = 50;
    public const decimal MontoMax = 10_000_000m;
    public static readonly DateOnly FechaMin = new(2000, 1, 1);
    public static readonly DateOnly FechaMax = new(2100, 12, 31);

    public sealed record Outcome(GastoInput? Input, IReadOnlyList<string> TypeErrors, Dictionary<string, string[]> FieldErrors);

    public static Outcome Parse(JsonElement body)
    {
        var typeErrors = new List<string>();
        var fieldErrors = new Dictionary<string, string[]>();
        void Invalid(string field, string message) => fieldErrors[field] = [message];

        // empresaId
        int empresaId = 0;
        switch (Get(body, "empresaId"))
        {
            case null: Invalid("empresaId", "is required"); break;
            case { ValueKind: JsonValueKind.Number } e when e.TryGetInt32(out var id):
                empresaId = id;
                if (id <= 0) Invalid("empresaId", "must be a positive id");
                break;
            default: typeErrors.Add("empresaId must be an integer"); break;
        }

        // fecha
        var fecha = default(DateOnly);
        switch (Get(body, "fecha"))
        {
            case null: Invalid("fecha", "is required"); break;
            case { ValueKind: JsonValueKind.String } f:
                if (!DateOnly.TryParseExact(f.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out fecha))
                    Invalid("fecha", "must be a date written as YYYY-MM-DD");
                else if (fecha < FechaMin || fecha > FechaMax)
                    Invalid("fecha", $"must be between {FechaMin:yyyy-MM-dd} and {FechaMax:yyyy-MM-dd}");
                break;
            default: typeErrors.Add("fecha must be a string (YYYY-MM-DD)"); break;
        }

        // concepto
        var concepto = "";
        switch (Get(body, "concepto"))
        {
            case null: Invalid("concepto", "is required"); break;
            case { ValueKind: JsonValueKind.String } c:
                concepto = c.GetString()!.Trim();
                if (concepto.Length == 0) Invalid("concepto", "must not be empty");
                else if (concepto.Length > ConceptoMaxLength) Invalid("concepto", $"must be at most {ConceptoMaxLength} characters");
                else if (concepto.Contains('\0')) Invalid("concepto", "must not contain NUL characters");
                break;
            default: typeErrors.Add("concepto must be a string"); break;
        }

        // monto
        var monto = 0m;
        switch (Get(body, "monto"))
        {
            case null: Invalid("monto", "is required"); break;
            case { ValueKind: JsonValueKind.Number } m:
                if (!m.TryGetDecimal(out monto) || monto > MontoMax) Invalid("monto", $"must be at most {MontoMax:0}");
                else if (monto <= 0) Invalid("monto", "must be greater than 0");
                else if (decimal.Round(monto, 2) != monto) Invalid("monto", "must have at most 2 decimal places");
                break;
            default: typeErrors.Add("monto must be a number"); break;
        }

        // categoria
        var categoria = "";
        switch (Get(body, "categoria"))
        {
            case null: Invalid("categoria", "is required"); break;
            case { ValueKind: JsonValueKind.String } k:
                categoria = k.GetString()!;
                if (!Categorias.Contains(categoria)) Invalid("categoria", $"must be one of: {string.Join(", ", Categorias)}");
                break;
            default: typeErrors.Add("categoria must be a string"); break;
        }

        // referencia (optional, nullable)
        string? referencia = null;
        switch (Get(body, "referencia"))
        {
            case null: break;
            case { ValueKind: JsonValueKind.String } r:
                referencia = r.GetString()!.Trim();
                if (referencia.Length == 0) referencia = null;
                else if (referencia.Length > ReferenciaMaxLength) Invalid("referencia", $"must be at most {ReferenciaMaxLength} characters");
                else if (referencia.Contains('\0')) Invalid("referencia", "must not contain NUL characters");
                break;
            default: typeErrors.Add("referencia must be a string or null"); break;
        }

        var input = typeErrors.Count == 0 && fieldErrors.Count == 0
            ? new GastoInput(empresaId, fecha, concepto, decimal.Round(monto, 2), categoria, referencia)
            : null;
        return new Outcome(input, typeErrors, fieldErrors);
    }

    /// <summary>
    /// SEEDED DEFECT gasto_accepts_wrong_type_and_stores: the body with each value of the wrong JSON type replaced by a
    /// default (empresaId: <paramref name="fallbackEmpresaId"/>, fecha: today, monto: 0.01, text fields: a placeholder),
    /// so a malformed create is stored instead of refused.
    /// </summary>
    public static JsonElement WithWrongTypesDefaulted(JsonElement body, int fallbackEmpresaId)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(body.GetRawText())!.AsObject();
        void Fix(string name, JsonValueKind expected, System.Text.Json.Nodes.JsonNode fallback)
        {
            if (Get(body, name) is { } value && value.ValueKind != expected) node[name] = fallback;
        }
        Fix("empresaId", JsonValueKind.Number, fallbackEmpresaId);
        Fix("fecha", JsonValueKind.String, DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Fix("concepto", JsonValueKind.String, "(sin concepto)");
        Fix("monto", JsonValueKind.Number, 0.01m);
        Fix("categoria", JsonValueKind.String, "otros");
        if (Get(body, "referencia") is { ValueKind: not JsonValueKind.String }) node.Remove("referencia");
        return JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();
    }

    /// <summary>The property's value, or null when it is absent or JSON null (both mean "not given").</summary>
    private static JsonElement? Get(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
}
