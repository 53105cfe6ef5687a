using System.Runtime.CompilerServices;

// The parser's tests drive its passes without the public safety net, so that a bug shows as an exception.
[assembly: InternalsVisibleTo("Saas.Engine.Tests")]
