namespace SigmoidTorch;

/// <summary>
/// A problem the user can fix: bad input, an unusable device, a broken file. Its message is one line that names
/// the problem and the values involved; programs print it without a stack trace.
/// </summary>
public class SigmoidTorchException : Exception
{
    /// <summary>Creates the exception with a one-line message (line breaks and other control characters are escaped).</summary>
    public SigmoidTorchException(string message) : base(OneLine(message)) { }

    /// <summary>Creates the exception with a one-line message and the error behind it.</summary>
    public SigmoidTorchException(string message, Exception inner) : base(OneLine(message), inner) { }

    /// <summary>Creates the exception with no message (for serializers).</summary>
    public SigmoidTorchException() { }

    /// <summary>
    /// <paramref name="message"/> on one line: messages quote what users give (file contents, names), which may hold
    /// line breaks or other control characters; they are written as escapes (<c>\n</c>, <c>\u0000</c>).
    /// </summary>
    public static string OneLine(string message)
    {
        if (!message.Any(BreaksLine)) return message;
        var text = new System.Text.StringBuilder(message.Length + 16);
        foreach (char c in message)
            text.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when BreaksLine(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        return text.ToString();
    }

    private static bool BreaksLine(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085';
}
