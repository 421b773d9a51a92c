//! The `gatehouse` binary.

#[actix_web::main]
async fn main() -> std::process::ExitCode {
    match gatehouse_server::cli::run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gatehouse: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
