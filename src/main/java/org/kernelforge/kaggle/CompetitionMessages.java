package org.kernelforge.kaggle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** Requests and replies of Kaggle's {@code competitions.CompetitionApiService}, with the client's field names. */
final class CompetitionMessages {

    private CompetitionMessages() {
    }

    /** The competition every call names, and what some calls add; {@code page: -1} is the client's default. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CompetitionCall(String competitionName, String fileName, Long contentLength, String blobFileTokens,
                           String submissionDescription, String kernelOwner, String kernelSlug, Integer kernelVersion,
                           Integer pageSize, String pageToken) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ListCompetitions(String group, String search) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Competition(String ref, String title, String url, String deadline, String category, String reward,
                       long teamCount, boolean userHasEntered, String evaluationMetric, String enabledDate) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CompetitionList(List<Competition> competitions, String nextPageToken) {
    }

    record DataFile(String ref, String name, long totalBytes, String url) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DataFiles(List<DataFile> files, String nextPageToken) {
    }

    record Submitted(String message, long ref) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Submission(long ref, String fileName, String date, String description, String status, String publicScore,
                      String privateScore, String errorDescription, long totalBytes, String teamName, String submittedBy) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Submissions(List<Submission> submissions, String nextPageToken) {
    }

    record BoardRow(long teamId, String teamName, String submissionDate, String score) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Board(List<BoardRow> submissions, String nextPageToken) {
    }
}
