#if canImport(Glibc)
import Glibc
#endif

/// Monotonic seconds, for benchmark intervals.
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// Runs `body` repeatedly until at least `minimumSeconds` have passed; returns runs per second.
func rate(minimumSeconds: Double = 0.5, _ body: () throws -> Void) rethrows -> Double {
    try body()  // warm caches and lazily built tables
    var runs = 0
    let start = monotonicSeconds()
    var elapsed = 0.0
    repeat {
        try body()
        runs += 1
        elapsed = monotonicSeconds() - start
    } while elapsed < minimumSeconds
    return Double(runs) / elapsed
}

func format(_ value: Double, decimals: Int = 2) -> String {
    if decimals == 0 { return String(Int(value.rounded())) }
    let scale = (0..<decimals).reduce(1.0) { acc, _ in acc * 10 }
    let rounded = (value * scale).rounded() / scale
    var text = String(rounded)
    if let dot = text.firstIndex(of: ".") {
        let fraction = text[text.index(after: dot)...].count
        if fraction < decimals { text += String(repeating: "0", count: decimals - fraction) }
    } else if decimals > 0 {
        text += "." + String(repeating: "0", count: decimals)
    }
    return text
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}
