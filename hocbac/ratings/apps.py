from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "hocbac.ratings"
    label = "ratings"
    verbose_name = "Phân loại hằng tháng, đánh giá xếp loại cuối năm"
