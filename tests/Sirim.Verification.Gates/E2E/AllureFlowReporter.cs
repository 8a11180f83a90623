using Sirim.Verification.Core.Allure;
using Sirim.Verification.E2E.Flows;

namespace Sirim.Verification.Gates.E2E;

/// <summary>Turns a flow's steps into Allure steps and its key-step screenshots into PNG attachments of those steps.</summary>
public sealed class AllureFlowReporter(AllureTestCase allure, string prefix = "") : IFlowReporter
{
    public Task StepAsync(string name, Func<Task> body) => allure.StepAsync(prefix + name, body);

    public void Screenshot(string name, byte[] png) => allure.Attach(allure.Writer.AttachBytes("screenshot: " + name, png, "image/png", "png"));
}
