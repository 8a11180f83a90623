using Sirim.Verification.Observability.Metrics;

namespace Sirim.Verification.Observability.Tests;

/// <summary>The Prometheus text exposition format reader: named cases of sample lines, then whole scrapes.</summary>
public sealed class PrometheusTextTests
{
    [TestCase("up 1", "up", "", 1.0, TestName = "plain sample")]
    [TestCase("http_requests_total{method=\"GET\",status=\"200\"} 1027 1395066363000", "http_requests_total", "method=GET,status=200", 1027.0, TestName = "labels and a timestamp")]
    [TestCase("x{le=\"+Inf\"} 3", "x", "le=+Inf", 3.0, TestName = "le label +Inf")]
    [TestCase("x{path=\"a\\\\b\",msg=\"say \\\"hi\\\"\\n\"} 2", "x", "path=a\\b,msg=say \"hi\"\n", 2.0, TestName = "escaped label values")]
    [TestCase("x{a=\"1\",} 1.5e3", "x", "a=1", 1500.0, TestName = "trailing comma and exponent")]
    [TestCase("ns:metric_name 7", "ns:metric_name", "", 7.0, TestName = "colon in a recording-rule name")]
    public void Reads_a_sample_line(string line, string name, string labels, double value)
    {
        var (sample, error) = PrometheusText.ParseSample(line);
        Assert.That(error, Is.Null);
        Assert.That(sample!.Name, Is.EqualTo(name));
        Assert.That(string.Join(",", sample.Labels.Select(kv => $"{kv.Key}={kv.Value}")), Is.EqualTo(labels));
        Assert.That(sample.Value, Is.EqualTo(value));
    }

    [TestCase("x +Inf", double.PositiveInfinity, TestName = "+Inf value")]
    [TestCase("x -Inf", double.NegativeInfinity, TestName = "-Inf value")]
    public void Reads_special_values(string line, double value) => Assert.That(PrometheusText.ParseSample(line).Sample!.Value, Is.EqualTo(value));

    [TestCase("x NaN", TestName = "NaN value")]
    public void Reads_nan(string line) => Assert.That(double.IsNaN(PrometheusText.ParseSample(line).Sample!.Value));

    [TestCase("9x 1", "not a metric name", TestName = "name starting with a digit")]
    [TestCase("x{a=1} 1", "label a: value not quoted", TestName = "unquoted label value")]
    [TestCase("x{a=\"1} 1", "label a: unterminated value", TestName = "unterminated label value")]
    [TestCase("x abc", "'abc' is not a number", TestName = "value not a number")]
    [TestCase("x", "expected a value (and an optional timestamp) after the name and labels", TestName = "no value")]
    [TestCase("x{=\"1\"} 1", "malformed label name", TestName = "empty label name")]
    public void Refuses_a_bad_line_with_the_reason(string line, string error)
    {
        var (sample, actual) = PrometheusText.ParseSample(line);
        Assert.That(sample, Is.Null);
        Assert.That(actual, Is.EqualTo(error));
    }

    [Test]
    public void Groups_histogram_series_into_their_family_and_keeps_types()
    {
        var scrape = PrometheusText.Parse("""
            # HELP req_seconds Latency.
            # TYPE req_seconds histogram
            req_seconds_bucket{le="0.1"} 1
            req_seconds_bucket{le="+Inf"} 2
            req_seconds_sum 0.3
            req_seconds_count 2
            # TYPE req_total counter
            req_total{status="200"} 5
            req_total{status="500"} 1
            loose_metric 4
            """);
        Assert.That(scrape.Errors, Is.Empty);
        Assert.That(scrape.Families.Keys, Is.EqualTo(new[] { "req_seconds", "req_total", "loose_metric" }));
        Assert.That(scrape.Family("req_seconds")!.Type, Is.EqualTo("histogram"));
        Assert.That(scrape.Family("req_seconds")!.Help, Is.EqualTo("Latency."));
        Assert.That(scrape.Family("req_seconds")!.Samples, Has.Count.EqualTo(4));
        Assert.That(scrape.Family("req_total")!.Samples.Sum(s => s.Value), Is.EqualTo(6));
        Assert.That(scrape.Family("loose_metric")!.Type, Is.EqualTo("untyped"));
    }

    [Test]
    public void Lists_every_unreadable_line_with_its_number()
    {
        var scrape = PrometheusText.Parse("# TYPE a gauge\na 1\na{x=1} 2\n# TYPE b sometype\nb 3\n");
        Assert.That(scrape.Errors, Is.EqualTo(new[]
        {
            "line 3: label x: value not quoted: a{x=1} 2",
            "line 4: TYPE of b is 'sometype'; allowed: counter, gauge, histogram, summary, untyped",
        }));
        Assert.That(scrape.Family("a")!.Samples, Has.Count.EqualTo(1));
    }
}
