fn main() -> std::process::ExitCode {
    demarche::cli::main()
}
