namespace Sirim.ReferenceTarget.Hosting;

/// <summary>A reference-target start or stop problem, with a message meant for the operator (no stack trace needed).</summary>
public sealed class HostingException(string message) : Exception(message);
