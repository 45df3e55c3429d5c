from ninja import NinjaAPI

api = NinjaAPI(title="hocbac API", version="1", urls_namespace="api")
