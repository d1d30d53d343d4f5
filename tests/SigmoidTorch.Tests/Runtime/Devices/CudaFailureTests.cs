using SigmoidTorch.Cli;
using SigmoidTorch.Devices;
using Xunit;
using static TorchSharp.torch;

namespace SigmoidTorch.Tests.Runtime.Devices;

/// <summary>
/// CUDA failures as libtorch words them (TorchSharp raises them as ExternalException with libtorch's message and its
/// C++ trace) become one line that says what happened and what to do; programs print it and exit 1.
/// </summary>
public class CudaFailureTests
{
    private const string Trace = "\nException raised from malloc at /pytorch/c10/cuda/CUDACachingAllocator.cpp:1427 (most recent call first):\nframe #0: c10::Error::Error(...) + 0xb0 (0x7f in libc10.so)\n";

    public static TheoryData<string, string> Messages => new()
    {
        // libtorch 2.x's caching allocator
        { "CUDA out of memory. Tried to allocate 20.00 GiB. GPU 0 has a total capacity of 79.19 GiB of which 3.06 GiB is free. Including non-PyTorch memory, this process has 76.12 GiB memory in use. Of the allocated memory 75.50 GiB is allocated by PyTorch, and 12.00 MiB is reserved by PyTorch but unallocated." + Trace,
          "the GPU ran out of memory: it tried to allocate 20.00 GiB (GPU 0: 79.19 GiB, 3.06 GiB free): train fewer networks at once, use smaller batches or float32, free the GPU of other processes (nvidia-smi), or use another device (--device cuda:N or cpu)" },
        // the older wording
        { "CUDA out of memory. Tried to allocate 2.00 MiB (GPU 0; 15.78 GiB total capacity; 14.50 GiB already allocated)" + Trace,
          "the GPU ran out of memory: it tried to allocate 2.00 MiB: train fewer networks at once, use smaller batches or float32, free the GPU of other processes (nvidia-smi), or use another device (--device cuda:N or cpu)" },
        { "CUDA error: CUBLAS_STATUS_ALLOC_FAILED when calling `cublasCreate(handle)`" + Trace,
          "the GPU ran out of memory (CUBLAS_STATUS_ALLOC_FAILED): train fewer networks at once, use float32, free the GPU of other processes (nvidia-smi), or use another device (--device cuda:N or cpu)" },
        // a lost or failed device
        { "CUDA error: unspecified launch failure\nCUDA kernel errors might be asynchronously reported at some other API call, so the stacktrace below might be incorrect." + Trace,
          "CUDA failed (unspecified launch failure): the GPU may have failed, been reset or been lost: check it with nvidia-smi (and the system log for Xid errors), then run again, or use --device cpu" },
        { "CUDA error: an illegal memory access was encountered\nCompile with `TORCH_USE_CUDA_DSA` to enable device-side assertions." + Trace,
          "CUDA failed (an illegal memory access was encountered): the GPU may have failed, been reset or been lost: check it with nvidia-smi (and the system log for Xid errors), then run again, or use --device cpu" },
        { "CUDA driver error: unknown error" + Trace,
          "CUDA failed (unknown error): the GPU may have failed, been reset or been lost: check it with nvidia-smi (and the system log for Xid errors), then run again, or use --device cpu" },
        { "CUBLAS_STATUS_EXECUTION_FAILED when calling `cublasDgemm( handle, opa, opb, m, n, k, &alpha, a, lda, b, ldb, &beta, c, ldc)`" + Trace,
          "CUDA failed (CUBLAS_STATUS_EXECUTION_FAILED): the GPU may have failed, been reset or been lost: check it with nvidia-smi (and the system log for Xid errors), then run again, or use --device cpu" },
        { "CUDA error: no kernel image is available for execution on the device" + Trace,
          "CUDA failed (no kernel image is available for execution on the device): this libtorch was not built for this GPU's architecture; use a libtorch built for it, or --device cpu" },
    };

    [Theory, MemberData(nameof(Messages))]
    public void ACudaFailureIsOneLineThatSaysWhatToDo(string libtorchSays, string expected)
    {
        Assert.Equal(expected, CudaFailure.Explain(libtorchSays));
#pragma warning disable CA2201 // the type TorchSharp raises libtorch's errors as
        var thrown = new System.Runtime.InteropServices.ExternalException(libtorchSays);
#pragma warning restore CA2201
        Assert.Equal(expected, ProgramHost.Describe(thrown));                                   // what every program prints after "error: "
        Assert.Equal(expected, CudaFailure.Explain(new InvalidOperationException("step failed", thrown)));   // also when wrapped
    }

    [Theory]
    [InlineData("The expanded size of the tensor (1) must match the existing size (5) at non-singleton dimension 1.")]
    [InlineData("Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!")]
    [InlineData("")]
    public void AnyOtherErrorIsNotACudaFailure(string message) => Assert.Null(CudaFailure.Explain(message));

    /// <summary>On a GPU, libtorch's own out-of-memory error (an allocation far beyond any GPU) is recognised.</summary>
    [Fact]
    public void TheRealOutOfMemoryErrorIsRecognised()
    {
        string? why = DeviceSelector.CudaUnavailableReason();
        Assert.SkipWhen(why is not null, $"CUDA not usable here: {why}");
        var e = Assert.ThrowsAny<Exception>(() => empty(new long[] { 1L << 46 }, dtype: ScalarType.Float64, device: CUDA));   // 512 TiB
        Assert.StartsWith("the GPU ran out of memory", CudaFailure.Explain(e), StringComparison.Ordinal);
    }
}
