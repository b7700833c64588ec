# Kernelforge script runner for R: runs inside the kernel container (read-only at /kaggle/.runner).
#
# Runs an R script as `Rscript script.R` would: its top-level expressions in order, in the global environment,
# visible values printed. Warnings are printed when they happen (not only at the end). When the script raises an
# error, prints R's message and the calls that led to it (without this runner's frames), writes what failed and
# where (the condition and the last line of the script among those calls, else the top-level expression's line) as
# JSON to --failure, and exits with 1. A script that cannot be parsed fails the same way, at the line R names.
# The exit code is otherwise the script's: 0, or the status given to quit().

local({
    runner_args <- commandArgs(trailingOnly = TRUE)
    if (length(runner_args) != 3 || runner_args[2] != "--failure") {
        cat("usage: run_script.R SCRIPT --failure FILE\n", file = stderr())
        quit(save = "no", status = 2)
    }
    script <- normalizePath(runner_args[1], mustWork = TRUE)
    failure_path <- runner_args[3]

    json_string <- function(text) {
        text <- enc2utf8(paste(text, collapse = "\n"))
        text <- gsub("\\", "\\\\", text, fixed = TRUE)
        text <- gsub("\"", "\\\"", text, fixed = TRUE)
        text <- gsub("\n", "\\n", text, fixed = TRUE)
        text <- gsub("\r", "\\r", text, fixed = TRUE)
        text <- gsub("\t", "\\t", text, fixed = TRUE)
        text <- gsub("[[:cntrl:]]", " ", text)
        paste0("\"", text, "\"")
    }

    write_failure <- function(message, line) {
        fields <- c(paste0("\"type\": ", json_string("Error")), paste0("\"message\": ", json_string(message)))
        if (!is.na(line)) {
            fields <- c(fields, paste0("\"line\": ", as.integer(line)))
        }
        writeLines(paste0("{", paste(fields, collapse = ", "), "}"), failure_path, useBytes = TRUE)
    }

    in_script <- function(srcref) {
        file <- attr(srcref, "srcfile")
        !is.null(srcref) && !is.null(file) && identical(file$filename, script)
    }

    fail <- function(message, line) {
        flush(stdout())
        write_failure(message, line)
        quit(save = "no", status = 1)
    }

    exprs <- tryCatch(parse(script, keep.source = TRUE, encoding = "UTF-8"), error = function(e) e)
    if (inherits(exprs, "error")) {
        # "<file>:3:5: unexpected symbol\n2: ...": the location, then what R expected
        text <- conditionMessage(exprs)
        location <- regmatches(text, regexec(":([0-9]+):[0-9]+: ([^\n]*)", text))[[1]]
        cat("Error: ", text, "\n", sep = "", file = stderr())
        if (length(location) == 3) fail(location[3], as.integer(location[2])) else fail(text, NA)
    }
    srcrefs <- attr(exprs, "srcref")
    top_level_line <- NA

    # The frames of the user's code: those after source() and its eval() of the top-level expression, up to the
    # handler (R's .handleSimpleError, which calls it for errors raised in C code, is no user frame either).
    user_frames <- function(calls, handler_frame) {
        is_frame_of <- function(i, f) identical(sys.function(i), f)
        sources <- Filter(function(i) is_frame_of(i, base::source), seq_len(handler_frame - 1))
        if (length(sources) == 0) {
            return(integer())
        }
        first <- max(sources) + 1
        while (first < handler_frame && (is_frame_of(first, base::eval) || is_frame_of(first, base::withVisible)
                                         || identical(calls[[first]], quote(eval(ei, envir))))) {
            first <- first + 1
        }
        frames <- if (first < handler_frame) first:(handler_frame - 1) else integer()
        frames[!vapply(calls[frames], function(call) identical(call[[1]], quote(.handleSimpleError)), logical(1))]
    }

    # "Error in f(x): " or, for the top-level expression itself (source()'s eval), "Error: " as R says it.
    call_prefix <- function(condition, word) {
        call <- conditionCall(condition)
        if (is.null(call) || identical(call, quote(eval(ei, envir)))) {
            return(if (word == "Error") "Error: " else "")
        }
        paste0(word, " in ", paste(deparse(call, nlines = 1), collapse = ""), ": ")
    }

    on_error <- function(e) {
        handler_frame <- sys.nframe()
        calls <- sys.calls()
        line <- top_level_line
        trace <- character()
        for (i in user_frames(calls, handler_frame)) {
            srcref <- attr(calls[[i]], "srcref")
            where <- ""
            if (in_script(srcref)) {
                line <- srcref[1]
                where <- paste0(" at line ", srcref[1])
            }
            trace <- c(trace, paste0(length(trace) + 1, ": ", paste(deparse(calls[[i]], nlines = 1), collapse = ""), where))
        }
        cat(call_prefix(e, "Error"), conditionMessage(e), "\n", sep = "", file = stderr())
        if (length(trace) > 0) {
            cat("Calls (innermost last):\n", paste0("  ", trace, "\n"), sep = "", file = stderr())
        }
        cat("at line ", line, " of the script\n", sep = "", file = stderr())
        fail(conditionMessage(e), line)
    }

    on_warning <- function(w) {
        level <- getOption("warn", 0)
        if (level >= 2) {
            return() # R turns it into an error
        }
        if (level >= 0) {
            cat("Warning message:\n", call_prefix(w, "In"), conditionMessage(w), "\n", sep = "", file = stderr())
        }
        invokeRestart("muffleWarning")
    }

    # One top-level expression at a time through source(), which prints visible values as R's top level does (and
    # as packages such as data.table expect: no print after DT[, x := ...]); its line is known for errors there.
    for (i in seq_along(exprs)) {
        top_level_line <- srcrefs[[i]][1]
        withCallingHandlers(source(exprs = exprs[i], local = globalenv(), echo = FALSE, print.eval = TRUE),
                            error = on_error, warning = on_warning)
        flush(stdout())
    }
})
