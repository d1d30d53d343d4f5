using System.Text.RegularExpressions;

namespace SigmoidTorch.Devices;

/// <summary>
/// A CUDA failure reported by libtorch (TorchSharp raises it as an exception whose message is libtorch's, many lines
/// long) as one line that says what happened and what to do: the GPU ran out of memory, the GPU cannot run this
/// libtorch's kernels, or the device failed or was lost.
/// </summary>
public static class CudaFailure
{
    private const string LostAdvice = "the GPU may have failed, been reset or been lost: check it with nvidia-smi (and the system log for Xid errors), "
                                      + "then run again, or use --device cpu";

    /// <summary>One line for an exception whose message (or an inner exception's) is a CUDA failure; null for any other.</summary>
    public static string? Explain(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (Exception? e = exception; e is not null; e = e.InnerException)
            if (Explain(e.Message) is { } line) return line;
        return null;
    }

    /// <summary>One line for libtorch's message of a CUDA failure; null when <paramref name="message"/> is not one.</summary>
    public static string? Explain(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Regex.Match(message, @"CUDA out of memory\.?(?:\s*Tried to allocate ([\d.]+ \w+))?") is { Success: true } oom)
        {
            string tried = oom.Groups[1].Success ? $": it tried to allocate {oom.Groups[1].Value.Trim()}" : "";
            string capacity = Regex.Match(message, @"GPU (\d+) has a total capacity of ([\d.]+ \w+) of which ([\d.]+ \w+) is free") is { Success: true } c
                ? $" (GPU {c.Groups[1].Value}: {c.Groups[2].Value}, {c.Groups[3].Value} free)" : "";
            return $"the GPU ran out of memory{tried}{capacity}: train fewer networks at once, use smaller batches or float32, "
                   + "free the GPU of other processes (nvidia-smi), or use another device (--device cuda:N or cpu)";
        }
        if (Regex.IsMatch(message, @"CUBLAS_STATUS_ALLOC_FAILED|CUDNN_STATUS_ALLOC_FAILED"))
            return $"the GPU ran out of memory ({Regex.Match(message, @"CU(?:BLAS|DNN)_STATUS_ALLOC_FAILED").Value}): train fewer networks at once, "
                   + "use float32, free the GPU of other processes (nvidia-smi), or use another device (--device cuda:N or cpu)";
        if (Regex.Match(message, @"no kernel image is available for execution on the device") is { Success: true } image)
            return $"CUDA failed ({image.Value}): this libtorch was not built for this GPU's architecture; use a libtorch built for it, or --device cpu";
        if (Regex.Match(message, @"CUDA (?:driver )?error: ([^\n]+)") is { Success: true } error)
            return $"CUDA failed ({error.Groups[1].Value.Trim().TrimEnd('.')}): {LostAdvice}";
        if (Regex.Match(message, @"CUBLAS_STATUS_\w+|CUDNN_STATUS_\w+|cudaError\w+") is { Success: true } status)
            return $"CUDA failed ({status.Value}): {LostAdvice}";
        return null;
    }
}
