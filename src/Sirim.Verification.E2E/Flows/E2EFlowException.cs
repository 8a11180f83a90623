namespace Sirim.Verification.E2E;

/// <summary>A flow could not go on (a precondition or API call failed); the runner reports it as the flow's failed step.</summary>
public sealed class E2EFlowException(string message) : Exception(message);

/// <summary>The browser cannot be started (no Chromium, launch failure): the whole gate stops with this one message.</summary>
public sealed class E2ESetupException(string message, Exception? inner = null) : Exception(message, inner);
