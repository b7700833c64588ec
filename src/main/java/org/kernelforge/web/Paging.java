package org.kernelforge.web;

import io.quarkus.qute.TemplateExtension;
import org.kernelforge.datasets.DatasetViews;
import org.kernelforge.kernels.KernelViews;

/** Whether a list page has a next page, for the "Next" links. */
@TemplateExtension
public class Paging {

    private Paging() {
    }

    public static boolean hasNext(DatasetViews.Page<?> page) {
        return (long) page.page() * page.pageSize() < page.total();
    }

    public static boolean hasNext(KernelViews.Page<?> page) {
        return (long) page.page() * page.pageSize() < page.total();
    }
}
