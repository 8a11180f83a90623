using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.Core.Tests;

/// <summary>The one settings reader every options factory uses: typed reads, ranges, defaults and the pinned error text.</summary>
public sealed class SettingsReaderTests
{
    private static readonly SettingDefinition Count = new("probeCount", "SIRIM_PROBE_COUNT", "5", "How many probes.");
    private static readonly SettingDefinition Flag = new("probeFlag", "SIRIM_PROBE_FLAG", "false", "Whether to probe.");
    private static readonly SettingDefinition Names = new("probeNames", "SIRIM_PROBE_NAMES", "a, b", "Names.");

    private static (SettingsReader Reader, List<string> Errors) Reader(string? value, string end = ".")
    {
        var errors = new List<string>();
        return (new SettingsReader(_ => value, errors, end), errors);
    }

    [TestCase("7", 7, TestName = "int: a value in range is read")]
    [TestCase(null, 5, TestName = "int: unset reads the default")]
    [TestCase("1", 1, TestName = "int: the minimum is allowed")]
    [TestCase("10", 10, TestName = "int: the maximum is allowed")]
    public void Int_in_range(string? raw, int expected)
    {
        var (reader, errors) = Reader(raw);
        Assert.That(reader.Int(Count, 1, 10), Is.EqualTo(expected));
        Assert.That(errors, Is.Empty);
    }

    [TestCase("0", null, null, ".", "probeCount (SIRIM_PROBE_COUNT): '0' is not a whole number from 1 to 10.", TestName = "int: below the range")]
    [TestCase("11", "probes per route", null, ".", "probeCount (SIRIM_PROBE_COUNT): '11' is not a whole number from 1 to 10 (probes per route).", TestName = "int: above the range, says what it counts")]
    [TestCase("ten", null, "seconds", "", "probeCount (SIRIM_PROBE_COUNT): 'ten' is not a whole number of seconds from 1 to 10", TestName = "int: not a number, with its unit and no final period")]
    [TestCase("2.5", null, null, ".", "probeCount (SIRIM_PROBE_COUNT): '2.5' is not a whole number from 1 to 10.", TestName = "int: a fraction is refused")]
    public void Int_out_of_range_says_what_why_and_what_is_allowed(string raw, string? what, string? unit, string end, string message)
    {
        var (reader, errors) = Reader(raw, end);
        Assert.That(reader.Int(Count, 1, 10, what, unit: unit), Is.EqualTo(1), "the minimum stands in, so reading goes on");
        Assert.That(errors, Is.EqualTo(new[] { message }));
    }

    [Test]
    public void Unset_without_the_default_is_itself_the_error()
    {
        var (reader, errors) = Reader(null);
        reader.Long(Count, 1, 10, orDefault: false);
        Assert.That(errors, Is.EqualTo(new[] { "probeCount (SIRIM_PROBE_COUNT): '' is not a whole number from 1 to 10." }));
    }

    [TestCase("true", true, TestName = "bool: true")]
    [TestCase("False", false, TestName = "bool: case-insensitive")]
    [TestCase(null, false, TestName = "bool: unset reads the default")]
    public void Bool_reads_true_or_false(string? raw, bool expected)
    {
        var (reader, errors) = Reader(raw);
        Assert.That(reader.Bool(Flag), Is.EqualTo(expected));
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void Bool_refuses_anything_else()
    {
        var (reader, errors) = Reader("yes");
        Assert.That(reader.Bool(Flag), Is.False);
        Assert.That(errors, Is.EqualTo(new[] { "probeFlag (SIRIM_PROBE_FLAG): 'yes' is not true or false." }));
    }

    [Test]
    public void Errors_are_collected_not_thrown()
    {
        var errors = new List<string>();
        var reader = new SettingsReader(d => d == Count ? "x" : "maybe", errors);
        reader.Int(Count, 1, 10);
        reader.Bool(Flag);
        reader.Error(Names, "'' names nothing; name at least one.");
        Assert.That(errors, Has.Count.EqualTo(3));
        Assert.That(errors[2], Is.EqualTo("probeNames (SIRIM_PROBE_NAMES): '' names nothing; name at least one."));
    }

    [Test]
    public void Lists_are_trimmed_and_fall_back_to_the_default()
    {
        Assert.That(Reader(" x , ,y ").Reader.List(Names), Is.EqualTo(new[] { "x", "y" }));
        Assert.That(Reader(null).Reader.List(Names), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(Reader(null).Reader.List(Names, fallback: "/c"), Is.EqualTo(new[] { "/c" }));
    }

    [Test]
    public void An_options_result_is_options_errors_or_an_explicit_not_run()
    {
        var valid = OptionsResult<string>.Valid("o");
        var invalid = OptionsResult<string>.Invalid(["bad"]);
        var notRun = OptionsResult<string>.NotRun("NOT RUN: not configured");
        Assert.Multiple(() =>
        {
            Assert.That((valid.IsValid, valid.IsNotRun, valid.Errors.Count), Is.EqualTo((true, false, 0)));
            Assert.That((invalid.IsValid, invalid.IsNotRun, invalid.Options), Is.EqualTo((false, false, (string?)null)));
            Assert.That((notRun.IsValid, notRun.IsNotRun, notRun.Errors.Count), Is.EqualTo((false, true, 0)));
            var (options, errors) = invalid;
            Assert.That((options, errors.Single()), Is.EqualTo(((string?)null, "bad")));
        });
    }
}
